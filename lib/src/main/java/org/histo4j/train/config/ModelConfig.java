package org.histo4j.train.config;

import java.util.Locale;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;

/**
 * The network: a shared encoder, possibly cut after a block, and one head per task.
 *
 * @param arch the encoder architecture, one of {@link Encoders#ARCHITECTURES}
 * @param truncateAfter the block after which the encoder is cut, or {@code null} for the whole encoder
 * @param head the head of every task
 */
public record ModelConfig(String arch, String truncateAfter, HeadSpec head) {

    /** Checks every value, naming the builder method that sets it. */
    public ModelConfig {
        if (arch == null || !Encoders.ARCHITECTURES.contains(arch.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("setArch: '" + arch + "' is not one of " + Encoders.ARCHITECTURES);
        }
        if (truncateAfter != null && !Encoders.truncationPoints(arch).contains(truncateAfter)) {
            throw new IllegalArgumentException("optTruncateAfter: '" + truncateAfter + "' is not a truncation point"
                    + " of " + arch + " " + Encoders.truncationPoints(arch));
        }
        if (head == null) {
            throw new IllegalArgumentException("optHead: a head is required");
        }
    }

    /** A new encoder of this architecture and truncation, not initialised. */
    public Encoder newEncoder() {
        return truncateAfter == null ? Encoders.create(arch) : Encoders.create(arch, truncateAfter);
    }
}

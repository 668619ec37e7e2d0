package org.histo4j.model.encoder;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which feature a transformer encoder hands out: the class token or the mean of the patch tokens, after all its
 * blocks or after block K. Written as a truncation point: {@code cls}, {@code mean}, {@code blockK} (the class
 * token after block K), {@code blockK_cls}, {@code blockK_mean}.
 *
 * @param block the number of blocks run (1 to the encoder's count), empty for all of them
 * @param pooling class token or mean of the patch tokens
 */
public record TransformerReadout(OptionalInt block, Pooling pooling) {

    private static final Pattern FORM = Pattern.compile("(?:block([1-9][0-9]*))?_?(cls|mean)?");

    /** How the token sequence becomes one vector. */
    public enum Pooling {
        /** The class token (token 0). */
        CLS,
        /** The mean of the patch tokens (tokens 1 onwards). */
        MEAN
    }

    /** Validates the fields. */
    public TransformerReadout {
        if (block.isPresent() && block.getAsInt() < 1) {
            throw new IllegalArgumentException("block must be at least 1, got " + block.getAsInt());
        }
        java.util.Objects.requireNonNull(pooling, "pooling");
    }

    /** Parses {@code cls}, {@code mean}, {@code blockK}, {@code blockK_cls} or {@code blockK_mean}. */
    public static TransformerReadout parse(String point) {
        Matcher m = FORM.matcher(point.toLowerCase(Locale.ROOT));
        if (point.isBlank() || !m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new IllegalArgumentException("transformer readout '" + point
                    + "': expected cls, mean, blockK, blockK_cls or blockK_mean");
        }
        OptionalInt block = m.group(1) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(1)));
        Pooling pooling = "mean".equals(m.group(2)) ? Pooling.MEAN : Pooling.CLS;
        return new TransformerReadout(block, pooling);
    }

    /** The truncation-point form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        String pool = pooling.name().toLowerCase(Locale.ROOT);
        return block.isPresent() ? "block" + block.getAsInt() + "_" + pool : pool;
    }
}

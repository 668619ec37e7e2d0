package org.histo4j.spark;

import ai.djl.ndarray.NDManager;
import java.io.Serializable;
import java.nio.file.Path;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;

/**
 * How to load an encoder anywhere: its spec text, an optional cut point, the NIC weights file and the input size of
 * TorchScript encoders. Sent to executors instead of a live encoder; paths must be readable there (shared storage).
 *
 * @param spec the encoder spec, e.g. {@code random:nic:1} or {@code torchscript:/shared/resnet.pt}
 * @param truncation the cut point added when the spec has none ({@code block2}), or null
 * @param nicWeights the Keras file of {@code nic} specs without a path, absolute, or null
 * @param inputSize the input side of TorchScript encoders
 */
public record EncoderRecipe(String spec, String truncation, String nicWeights, int inputSize) implements Serializable {

    /** A recipe whose NIC weights default to the driver's (the shared fixture or -Dhisto4j.nic.weights). */
    public static EncoderRecipe of(String spec, String truncation, Path nicWeights, int inputSize) {
        Path weights = nicWeights != null ? nicWeights : EncoderResolver.defaults().nicWeights();
        return new EncoderRecipe(spec, truncation, weights == null ? null : weights.toAbsolutePath().toString(),
                inputSize);
    }

    /** The parsed spec with the cut point applied. */
    public EncoderSpec parsed() {
        EncoderSpec parsed = EncoderSpec.parse(spec);
        return truncation != null && parsed.truncation().isEmpty() ? parsed.truncatedAfter(truncation) : parsed;
    }

    /** The resolver that loads this recipe's encoder. */
    public EncoderResolver resolver() {
        EncoderResolver.Builder builder = EncoderResolver.builder().optTorchScriptInputSize(inputSize);
        if (nicWeights != null) {
            builder.optNicWeights(Path.of(nicWeights));
        }
        return builder.build();
    }

    /** A freshly loaded encoder, its arrays in {@code manager}. */
    public Encoder load(NDManager manager) {
        return resolver().create(parsed(), manager);
    }
}

package org.histo4j.slide.encode;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.encoder.TorchScriptEncoder;
import org.histo4j.model.weights.KerasNicWeights;

/**
 * An encoder named on the command line: {@code random:ARCH} (an architecture of {@link Encoders} with weights drawn
 * from a seed), {@code nic} (the Neural Image Compression encoder with its Keras weights) or
 * {@code torchscript:PATH} (a traced PyTorch model).
 *
 * @param spec the name as given
 * @param nicWeights the Keras weights file for {@code nic}, if given ({@link #defaultNicWeights()} otherwise)
 * @param torchScriptInputSize the input side of a TorchScript encoder, e.g. 224
 * @param seed the seed of random weights
 */
public record EncoderSpec(String spec, Optional<Path> nicWeights, int torchScriptInputSize, long seed) {

    /** The NIC weights file name in the shared fixtures. */
    public static final String NIC_WEIGHTS_FILE = "nic-encoder-multitask-4.h5";

    /** Validates the name's form. */
    public EncoderSpec {
        if (spec == null || !(spec.equals("nic") || spec.startsWith("random:") || spec.startsWith("torchscript:"))) {
            throw new Histo4jException("unknown encoder '" + spec + "': use random:ARCH (ARCH one of "
                    + Encoders.ARCHITECTURES + "), nic, or torchscript:PATH");
        }
    }

    /** A spec with the default NIC weights, 224 px TorchScript input and seed 1. */
    public static EncoderSpec of(String spec) {
        return new EncoderSpec(spec, Optional.empty(), 224, 1);
    }

    /**
     * The NIC weights found without being told: {@code $HISTO4J_NIC_WEIGHTS}, then {@code weights/}
     * {@value #NIC_WEIGHTS_FILE} under {@code $HISTO4J_FIXTURES} or {@code /work/shared/fixtures}, if it exists.
     */
    public static Optional<Path> defaultNicWeights() {
        Stream<Path> candidates = Stream.of(Optional.ofNullable(System.getenv("HISTO4J_NIC_WEIGHTS")).map(Path::of),
                Optional.ofNullable(System.getenv("HISTO4J_FIXTURES")).map(p -> Path.of(p, "weights", NIC_WEIGHTS_FILE)),
                Optional.of(Path.of("/work/shared/fixtures/weights", NIC_WEIGHTS_FILE))).flatMap(Optional::stream);
        return candidates.filter(Files::isRegularFile).findFirst();
    }

    /** Creates the encoder with its weights; parameters live in {@code manager}, which must outlive the encoder. */
    public Encoder load(NDManager manager) {
        if (spec.equals("nic")) {
            Path weights = nicWeights.or(EncoderSpec::defaultNicWeights).orElseThrow(() -> new Histo4jException(
                    "encoder nic needs its Keras weights: pass --nic-weights FILE (" + NIC_WEIGHTS_FILE + ")"));
            Encoder encoder = Encoders.create("nic").initialize(manager);
            KerasNicWeights.load(encoder, weights);
            return encoder;
        }
        if (spec.startsWith("random:")) {
            String architecture = spec.substring("random:".length());
            Encoder encoder;
            try {
                encoder = Encoders.create(architecture);
            } catch (IllegalArgumentException e) {
                throw new Histo4jException("encoder " + spec + ": " + e.getMessage(), e);
            }
            Engine.getInstance().setRandomSeed((int) seed);
            return encoder.initialize(manager);
        }
        Path file = Path.of(spec.substring("torchscript:".length()));
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("TorchScript encoder file not found: " + file);
        }
        return TorchScriptEncoder.builder().setPath(file).setInputSize(torchScriptInputSize).optTrainable(false)
                .build();
    }
}

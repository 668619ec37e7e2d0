package org.histo4j.transfer.spec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.train.PretrainedRun;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.encoder.TorchScriptConfig;
import org.histo4j.model.encoder.TorchScriptEncoder;
import org.histo4j.model.encoder.TransformerReadout;
import org.histo4j.model.weights.KerasNicWeights;
import org.histo4j.transfer.EncoderBlocks;

/**
 * Turns {@link EncoderSpec}s into initialised encoders: random weights seeded through the engine, the NIC Keras
 * file, TorchScript files, run directories (through a {@link RunEncoderLoader}), then the cut when the spec has
 * one ({@link EncoderBlocks#truncate}). Every call makes a fresh encoder, so fine-tuning can start each fit from
 * the same weights.
 *
 * <pre>{@code
 * EncoderResolver resolver = EncoderResolver.builder().optNicWeights(Path.of("nic.h5")).build();
 * Encoder encoder = resolver.create(EncoderSpec.parse("random:resnet18:3@layer3"), manager);
 * }</pre>
 */
public final class EncoderResolver {

    /** The system property naming the default NIC weights file. */
    public static final String NIC_WEIGHTS_PROPERTY = "histo4j.nic.weights";

    /** The input size of TorchScript encoders with neither a JSON beside them nor an explicit size. */
    public static final int DEFAULT_TORCHSCRIPT_INPUT = 224;

    private final Path nicWeights;
    private final int torchScriptInputSize;
    private final RunEncoderLoader runLoader;

    private EncoderResolver(Builder builder) {
        this.nicWeights = builder.nicWeights;
        this.torchScriptInputSize = builder.torchScriptInputSize;
        this.runLoader = builder.runLoader;
    }

    /** A builder with the defaults (NIC weights from {@value #NIC_WEIGHTS_PROPERTY} or the shared fixture). */
    public static Builder builder() {
        return new Builder();
    }

    /** A resolver with every default. */
    public static EncoderResolver defaults() {
        return builder().build();
    }

    /**
     * A fresh, initialised encoder for {@code spec}, its arrays in {@code manager} (a TorchScript encoder keeps
     * them in its own model: close it when done).
     *
     * @throws Histo4jException for a missing or unreadable weights file or run directory
     * @throws IllegalArgumentException for a truncation point the encoder does not have
     */
    public Encoder create(EncoderSpec spec, NDManager manager) {
        Encoder whole = switch (spec.kind()) {
            case RANDOM -> random(spec, manager);
            case NIC -> nic(spec, manager);
            case TORCHSCRIPT -> torchScript(spec);
            case RUN -> run(spec, manager);
        };
        if (spec.kind() == EncoderSpec.Kind.TORCHSCRIPT) {
            return whole;
        }
        return spec.truncation().map(point -> EncoderBlocks.of(whole).truncate(point)).orElse(whole);
    }

    /**
     * A TorchScript encoder: input size and normalisation from the JSON beside the file when there is one (an
     * explicit {@link Builder#optTorchScriptInputSize} wins), else 224 and ImageNet; a truncation point is a
     * transformer readout ({@code @cls}, {@code @mean}, {@code @block8}, {@code @block8_mean}).
     */
    private Encoder torchScript(EncoderSpec spec) {
        Path file = Path.of(spec.argument());
        TorchScriptEncoder.Builder builder = TorchScriptEncoder.builder().setPath(file);
        if (torchScriptInputSize > 0) {
            builder.setInputSize(torchScriptInputSize);
        } else if (!Files.isRegularFile(TorchScriptConfig.sidecar(file))) {
            builder.setInputSize(DEFAULT_TORCHSCRIPT_INPUT);
        }
        spec.truncation().map(TransformerReadout::parse).ifPresent(builder::optReadout);
        return builder.build();
    }

    /**
     * Checks, without building anything, that what {@code spec} needs is there (weights file, TorchScript file, run
     * directory and a run loader), so that a long job can fail before it starts.
     *
     * @throws Histo4jException naming what is missing
     */
    public void check(EncoderSpec spec) {
        switch (spec.kind()) {
            case RANDOM -> { }
            case NIC -> requireFile(nicFile(spec), "NIC Keras weights file");
            case TORCHSCRIPT -> requireFile(Path.of(spec.argument()), "TorchScript file");
            case RUN -> {
                runDirectory(spec);
                loader(spec);
            }
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException(what + " not found: " + file);
        }
    }

    /** The NIC weights file {@code nic} specs without a path use. */
    public Path nicWeights() {
        return nicWeights;
    }

    private static Encoder random(EncoderSpec spec, NDManager manager) {
        Encoder encoder = Encoders.create(spec.argument());
        Engine.getInstance().setRandomSeed((int) spec.seed());
        return encoder.initialize(manager);
    }

    private Encoder nic(EncoderSpec spec, NDManager manager) {
        Encoder encoder = Encoders.create("nic").initialize(manager);
        KerasNicWeights.load(encoder, nicFile(spec));
        return encoder;
    }

    private Path nicFile(EncoderSpec spec) {
        Path file = spec.argument().isEmpty() ? nicWeights : Path.of(spec.argument());
        if (file == null) {
            throw new Histo4jException("encoder 'nic' needs its Keras weights: give nic:PATH or set -D"
                    + NIC_WEIGHTS_PROPERTY + "=PATH");
        }
        return file;
    }

    private Encoder run(EncoderSpec spec, NDManager manager) {
        return loader(spec).load(runDirectory(spec), manager);
    }

    private static Path runDirectory(EncoderSpec spec) {
        Path dir = Path.of(spec.argument());
        if (!Files.isDirectory(dir)) {
            throw new Histo4jException("run directory not found: " + dir);
        }
        return dir;
    }

    private RunEncoderLoader loader(EncoderSpec spec) {
        return runLoader != null ? runLoader : (dir, manager) -> PretrainedRun.load(dir, manager).encoder();
    }

    /** Configures an {@link EncoderResolver}; every setting has a default. */
    public static final class Builder {
        private Path nicWeights = defaultNicWeights();
        private int torchScriptInputSize;
        private RunEncoderLoader runLoader;

        private Builder() {}

        /** The Keras file of {@code nic} specs without a path. */
        public Builder optNicWeights(Path file) {
            this.nicWeights = file;
            return this;
        }

        /** The input size of TorchScript encoders (default: the JSON beside the file's, else 224). */
        public Builder optTorchScriptInputSize(int size) {
            this.torchScriptInputSize = size;
            return this;
        }

        /** The loader of {@code run:} specs (default: the first registered service, see {@link RunEncoderLoader}). */
        public Builder optRunLoader(RunEncoderLoader loader) {
            this.runLoader = loader;
            return this;
        }

        /** Validates and builds. */
        public EncoderResolver build() {
            if (torchScriptInputSize < 0) {
                throw new IllegalArgumentException("torchScriptInputSize must be positive, got " + torchScriptInputSize);
            }
            return new EncoderResolver(this);
        }

        /**
         * The property {@value EncoderResolver#NIC_WEIGHTS_PROPERTY}, else {@code weights/nic-encoder-multitask-4.h5} under the
         * folder of the environment variable {@code HISTO4J_FIXTURES}, else under {@code shared/fixtures} beside
         * the folder {@code -Dhisto4j.home} (set by the launcher) or the current folder, or one of their parents;
         * null when none exists.
         */
        private static Path defaultNicWeights() {
            String property = System.getProperty(NIC_WEIGHTS_PROPERTY);
            if (property != null && !property.isBlank()) {
                return Path.of(property);
            }
            Path relative = Path.of("weights", "nic-encoder-multitask-4.h5");
            String env = System.getenv("HISTO4J_FIXTURES");
            if (env != null && Files.isRegularFile(Path.of(env).resolve(relative))) {
                return Path.of(env).resolve(relative);
            }
            String home = System.getProperty("histo4j.home");
            for (Path start : home == null || home.isBlank() ? List.of(Path.of("")) : List.of(Path.of(home),
                    Path.of(""))) {
                for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                    Path candidate = dir.resolve("shared").resolve("fixtures").resolve(relative);
                    if (Files.isRegularFile(candidate)) {
                        return candidate;
                    }
                }
            }
            return null;
        }
    }
}

package org.histo4j.model.encoder;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.histo4j.model.Encoder;
import org.histo4j.data.image.Normalization;

/**
 * An {@link Encoder} made of a DJL block and its description; the built-in encoders are instances, and it is
 * the quickest way to wrap a block of your own (see the recipe on {@link Encoder}).
 */
public final class BlockEncoder implements Encoder {

    private final String name;
    private final String architecture;
    private final Block block;
    private final int featureWidth;
    private final int inputSize;
    private final Normalization normalization;
    private final String truncatedAfter;
    private final Map<String, Parameter> namedParameters;

    private BlockEncoder(Builder builder) {
        this.architecture = builder.architecture != null ? builder.architecture : builder.name;
        this.truncatedAfter = builder.truncatedAfter;
        this.name = truncatedAfter == null ? builder.name : builder.name + "@" + truncatedAfter;
        this.block = builder.block;
        this.featureWidth = builder.featureWidth;
        this.inputSize = builder.inputSize;
        this.normalization = builder.normalization;
        this.namedParameters = Collections.unmodifiableMap(new LinkedHashMap<>(
                builder.namedParameters != null ? builder.namedParameters : djlNames(block)));
        checkCoverage();
    }

    /** A builder: {@code setName}, {@code setBlock}, {@code setFeatureWidth}, {@code setInputSize} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public int featureWidth() {
        return featureWidth;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public Optional<String> truncatedAfter() {
        return Optional.ofNullable(truncatedAfter);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return namedParameters;
    }

    /** Returns the name, feature width and input size. */
    @Override
    public String toString() {
        return name + " (" + featureWidth + " features, " + inputSize + " px input, " + normalization.name() + ")";
    }

    private static Map<String, Parameter> djlNames(Block block) {
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            names.put(pair.getKey(), pair.getValue());
        }
        return names;
    }

    private void checkCoverage() {
        Set<Parameter> named = Collections.newSetFromMap(new IdentityHashMap<>());
        named.addAll(namedParameters.values());
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (!named.contains(pair.getValue())) {
                throw new IllegalArgumentException("encoder " + name + ": block parameter " + pair.getKey()
                        + " has no name in namedParameters");
            }
        }
    }

    /** Builds a {@link BlockEncoder}; {@code build()} names the first missing or invalid field. */
    public static final class Builder {
        private String name;
        private String architecture;
        private Block block;
        private int featureWidth;
        private int inputSize;
        private Normalization normalization = Normalization.IMAGENET;
        private String truncatedAfter;
        private Map<String, Parameter> namedParameters;

        private Builder() {}

        /** The encoder's architecture name, e.g. {@code "resnet18"} (required). */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** The block: normalised images in, N x featureWidth out (required). */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /** The output width (required). */
        public Builder setFeatureWidth(int featureWidth) {
            this.featureWidth = featureWidth;
            return this;
        }

        /** The side of the square input in pixels (required). */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** The architecture when it differs from the name (default: the name). */
        public Builder optArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /** The expected normalisation (default ImageNet). */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** The truncation point, appended to the name as {@code name@point}. */
        public Builder optTruncatedAfter(String truncatedAfter) {
            this.truncatedAfter = truncatedAfter;
            return this;
        }

        /** Parameters by PyTorch name (default: DJL's own parameter paths); must cover every block parameter. */
        public Builder optNamedParameters(Map<String, Parameter> namedParameters) {
            this.namedParameters = namedParameters;
            return this;
        }

        /** Validates and builds. */
        public BlockEncoder build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("BlockEncoder name is required");
            }
            if (block == null) {
                throw new IllegalArgumentException("BlockEncoder block is required");
            }
            if (featureWidth <= 0) {
                throw new IllegalArgumentException("BlockEncoder featureWidth must be positive, got " + featureWidth);
            }
            if (inputSize <= 0) {
                throw new IllegalArgumentException("BlockEncoder inputSize must be positive, got " + inputSize);
            }
            if (normalization == null) {
                throw new IllegalArgumentException("BlockEncoder normalization must not be null");
            }
            return new BlockEncoder(this);
        }
    }
}

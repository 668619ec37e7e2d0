package org.histo4j.model;

import java.util.List;
import java.util.Locale;
import org.histo4j.model.encoder.DenseNet;
import org.histo4j.model.encoder.NicEncoder;
import org.histo4j.model.encoder.ResNet;

/**
 * Creates the built-in encoders by name: {@code resnet18}, {@code resnet34}, {@code resnet50},
 * {@code densenet121} (torchvision layouts, ImageNet normalisation, 224 px) and {@code nic} (the Neural Image
 * Compression encoder, [-1, 1] scaling, 64 px). Weights start random; load them with the classes of
 * {@link org.histo4j.model.weights}.
 */
public final class Encoders {

    /** The names {@link #create(String)} accepts. */
    public static final List<String> ARCHITECTURES = List.of("resnet18", "resnet34", "resnet50", "densenet121", "nic");

    private Encoders() {}

    /** The whole encoder of {@code architecture}, e.g. {@code Encoders.create("resnet18")}. */
    public static Encoder create(String architecture) {
        return builder().setArchitecture(architecture).build();
    }

    /** The encoder cut after {@code truncateAfter} (see {@link #truncationPoints(String)}), pooled globally. */
    public static Encoder create(String architecture, String truncateAfter) {
        return builder().setArchitecture(architecture).optTruncateAfter(truncateAfter).build();
    }

    /** The truncation points of an architecture, in network order (empty for {@code nic}). */
    public static List<String> truncationPoints(String architecture) {
        return switch (normalise(architecture)) {
            case "resnet18", "resnet34", "resnet50" -> ResNet.TRUNCATION_POINTS;
            case "densenet121" -> DenseNet.TRUNCATION_POINTS;
            default -> List.of();
        };
    }

    /** A builder: {@code setArchitecture} is required. */
    public static Builder builder() {
        return new Builder();
    }

    private static String normalise(String architecture) {
        if (architecture == null) {
            throw new IllegalArgumentException("encoder architecture is required; one of " + ARCHITECTURES);
        }
        String name = architecture.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (!ARCHITECTURES.contains(name)) {
            throw new IllegalArgumentException("unknown encoder architecture '" + architecture + "'; one of "
                    + ARCHITECTURES);
        }
        return name;
    }

    /** Builds a built-in encoder, optionally truncated or with torchvision's classifier layer. */
    public static final class Builder {
        private String architecture;
        private String truncateAfter;
        private int classes;

        private Builder() {}

        /** One of {@link #ARCHITECTURES} (required). */
        public Builder setArchitecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /** Cut after this block (then global average pooling); default: the whole encoder. */
        public Builder optTruncateAfter(String truncateAfter) {
            this.truncateAfter = truncateAfter;
            return this;
        }

        /**
         * Adds torchvision's final linear layer ({@code fc} or {@code classifier}) with {@code classes} outputs,
         * so a whole torchvision state dict maps by name; the encoder then returns logits.
         */
        public Builder optClassifier(int classes) {
            if (classes <= 0) {
                throw new IllegalArgumentException("classifier classes must be positive, got " + classes);
            }
            this.classes = classes;
            return this;
        }

        /** Validates and builds. */
        public Encoder build() {
            String name = normalise(architecture);
            return switch (name) {
                case "resnet18" -> ResNet.create(18, truncateAfter, classes);
                case "resnet34" -> ResNet.create(34, truncateAfter, classes);
                case "resnet50" -> ResNet.create(50, truncateAfter, classes);
                case "densenet121" -> DenseNet.create121(truncateAfter, classes);
                default -> {
                    if (truncateAfter != null || classes > 0) {
                        throw new IllegalArgumentException("the nic encoder has no truncation points or classifier");
                    }
                    yield NicEncoder.create();
                }
            };
        }
    }
}

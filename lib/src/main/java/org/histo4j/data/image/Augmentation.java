package org.histo4j.data.image;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An ordered list of {@link PatchTransform}s ending at a fixed output size. Build with
 * {@code Augmentation.builder().setSize(96).optRandomCrop().optFlips().optRotations().optHedJitter(0.05, 0.05)
 * .build()}; without a crop the patch is resized to the output size. Transforms run in the order: crop (or
 * resize), flips, rotations, colour jitter, HED jitter, then any added with {@code addTransform}.
 */
public final class Augmentation implements PatchTransform {

    private final int size;
    private final List<PatchTransform> steps;
    private final String description;

    private Augmentation(int size, List<PatchTransform> steps, String description) {
        this.size = size;
        this.steps = List.copyOf(steps);
        this.description = description;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** No augmentation: only resizing to {@code size} (for evaluation). */
    public static Augmentation none(int size) {
        return builder().setSize(size).build();
    }

    /** The output size. */
    public int size() {
        return size;
    }

    @Override
    public Patch apply(Patch patch, RandomGenerator rng) {
        Patch p = patch;
        for (PatchTransform step : steps) {
            p = step.apply(p, rng);
        }
        if (p.width() != size || p.height() != size) {
            p = Transforms.centerCrop(size).apply(p, rng);
        }
        return p;
    }

    /** Lists the steps, for run configurations. */
    @Override
    public String toString() {
        return description;
    }

    /** Builds an {@link Augmentation}; {@link #setSize} is required. */
    public static final class Builder {
        private int size = -1;
        private boolean randomCrop;
        private boolean flips;
        private boolean rotations;
        private double[] colour;
        private double[] hed;
        private final List<PatchTransform> extra = new ArrayList<>();

        /** An empty builder; see the enclosing class for how to get one. */
        Builder() {
            // fields start at their defaults
        }

        /** The output size in pixels (required). */
        public Builder setSize(int value) {
            size = value;
            return this;
        }

        /** Crops a random window of the output size instead of resizing. */
        public Builder optRandomCrop() {
            randomCrop = true;
            return this;
        }

        /** Random left-right and top-bottom flips. */
        public Builder optFlips() {
            flips = true;
            return this;
        }

        /** Random 90-degree rotations. */
        public Builder optRotations() {
            rotations = true;
            return this;
        }

        /** Brightness, contrast and saturation jitter amplitudes. */
        public Builder optColourJitter(double brightness, double contrast, double saturation) {
            colour = new double[] {brightness, contrast, saturation};
            return this;
        }

        /** HED stain jitter: scale amplitude and shift amplitude. */
        public Builder optHedJitter(double sigma, double bias) {
            hed = new double[] {sigma, bias};
            return this;
        }

        /** Adds a custom transform after the standard ones. */
        public Builder addTransform(PatchTransform transform) {
            extra.add(transform);
            return this;
        }

        /** Validates and builds. */
        public Augmentation build() {
            if (size < 1) {
                throw new IllegalArgumentException("augmentation size must be set and positive, got " + size);
            }
            List<PatchTransform> steps = new ArrayList<>();
            StringBuilder d = new StringBuilder("size=" + size);
            steps.add(randomCrop ? Transforms.randomCrop(size) : Transforms.resize(size));
            d.append(randomCrop ? ", random-crop" : ", resize");
            if (flips) {
                steps.add(Transforms.flips());
                d.append(", flips");
            }
            if (rotations) {
                steps.add(Transforms.rotations());
                d.append(", rot90");
            }
            if (colour != null) {
                steps.add(Transforms.colourJitter(colour[0], colour[1], colour[2]));
                d.append(", colour-jitter(").append(colour[0]).append(',').append(colour[1]).append(',')
                        .append(colour[2]).append(')');
            }
            if (hed != null) {
                steps.add(Transforms.hedJitter(hed[0], hed[1]));
                d.append(", hed-jitter(").append(hed[0]).append(',').append(hed[1]).append(')');
            }
            steps.addAll(extra);
            if (!extra.isEmpty()) {
                d.append(", +").append(extra.size()).append(" custom");
            }
            return new Augmentation(size, steps, d.toString());
        }
    }
}

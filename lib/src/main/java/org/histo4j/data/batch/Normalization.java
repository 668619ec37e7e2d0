package org.histo4j.data.batch;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code x' = (x - mean_c) / std_c} of values in [0, 1].
 *
 * @param mean the channel means (R, G, B)
 * @param std  the channel standard deviations (R, G, B), positive
 */
public record Normalization(float[] mean, float[] std) {

    /** ImageNet statistics, the default: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Scales [0, 1] to [-1, 1], as Keras encoders such as Neural Image Compression's expect. */
    public static final Normalization MINUS_ONE_TO_ONE =
            new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    /** Leaves values in [0, 1]. */
    public static final Normalization NONE = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /** Validates and copies the constants. */
    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalisation needs 3 means and 3 stds, got "
                    + Arrays.toString(mean) + " " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation std " + s + " <= 0");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Normalises a patch's planes into {@code out} at {@code offset}. */
    public void apply(Patch patch, float[] out, int offset) {
        int plane = patch.width() * patch.height();
        float[] in = patch.pixels();
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float inv = 1 / std[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + base + i] = (in[base + i] - m) * inv;
            }
        }
    }

    /** A copy of the channel means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the channel standard deviations. */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}

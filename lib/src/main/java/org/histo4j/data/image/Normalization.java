package org.histo4j.data.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The per-channel normalisation an encoder expects on RGB values in [0, 1]: {@code x' = (x - mean_c) * (1 / std_c)},
 * the reciprocal taken in float. Each encoder exposes its own ({@code Encoder.normalization()}); the image path
 * ({@link ImagePipeline}) applies it last, on host arrays. {@link #apply(NDArray)} does the same float arithmetic
 * on a tensor, so both give bit-identical values.
 *
 * @param name a short identifier recorded in feature caches and run configurations, e.g. {@code "imagenet"}
 * @param mean the channel means (R, G, B)
 * @param std  the channel standard deviations (R, G, B), positive
 */
public record Normalization(String name, float[] mean, float[] std) {

    /** torchvision's ImageNet statistics: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). */
    public static final Normalization IMAGENET = new Normalization("imagenet",
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Scales [0, 1] to [-1, 1], as Keras encoders such as Neural Image Compression's expect. */
    public static final Normalization MINUS_ONE_TO_ONE = new Normalization("minus-one-to-one",
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    /** Leaves values in [0, 1]. */
    public static final Normalization NONE = new Normalization("none", new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /** Validates and copies the constants. */
    public Normalization {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("normalisation needs a name");
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalisation needs 3 means and 3 stds, got "
                    + Arrays.toString(mean) + " " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation std must be positive, got " + Arrays.toString(std));
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

    /** Normalises images in [0, 1] (N x 3 x H x W) with the same float arithmetic; the result lives in their manager. */
    public NDArray apply(NDArray images) {
        if (images.getShape().dimension() != 4 || images.getShape().get(1) != 3) {
            throw new IllegalArgumentException("images must be N x 3 x H x W, got " + images.getShape());
        }
        float[] inv = new float[3];
        for (int c = 0; c < 3; c++) {
            inv[c] = 1 / std[c];
        }
        Shape perChannel = new Shape(1, 3, 1, 1);
        NDArray m = images.getManager().create(mean, perChannel).toDevice(images.getDevice(), false);
        NDArray s = images.getManager().create(inv, perChannel).toDevice(images.getDevice(), false);
        return images.sub(m).mul(s);
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
        return o instanceof Normalization n && name.equals(n.name) && Arrays.equals(mean, n.mean)
                && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    /** The name and constants, as recorded in feature caches: {@code imagenet mean=[..] std=[..]}. */
    @Override
    public String toString() {
        return name + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std);
    }
}

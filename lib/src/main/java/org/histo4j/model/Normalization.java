package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The input normalisation an encoder expects, applied to RGB images in [0, 1] laid out N x 3 x H x W:
 * {@code y[c] = (x[c] - mean[c]) / std[c]}. Scaling to [-1, 1] (the NIC encoder) is mean 0.5, std 0.5.
 *
 * @param name a short identifier recorded in feature caches, e.g. {@code "imagenet"}
 * @param mean the per-channel mean (R, G, B)
 * @param std the per-channel standard deviation (R, G, B)
 */
public record Normalization(String name, List<Double> mean, List<Double> std) {

    /** torchvision's ImageNet constants. */
    public static final Normalization IMAGENET = new Normalization("imagenet",
            List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

    /** Scaling [0, 1] to [-1, 1], as the Neural Image Compression encoder was trained. */
    public static final Normalization MINUS_ONE_TO_ONE = new Normalization("minus-one-to-one",
            List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));

    /** Validates three positive standard deviations and three means. */
    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("normalization needs 3 means and 3 stds, got " + mean + " and " + std);
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("normalization std must be positive: " + std);
        }
    }

    /** Normalises images in [0, 1] (N x 3 x H x W); the result lives in the images' manager. */
    public NDArray apply(NDArray images) {
        if (images.getShape().dimension() != 4 || images.getShape().get(1) != 3) {
            throw new IllegalArgumentException("images must be N x 3 x H x W, got " + images.getShape());
        }
        float[] m = new float[3];
        float[] s = new float[3];
        for (int c = 0; c < 3; c++) {
            m[c] = mean.get(c).floatValue();
            s[c] = std.get(c).floatValue();
        }
        Shape perChannel = new Shape(1, 3, 1, 1);
        NDArray meanArray = images.getManager().create(m, perChannel).toDevice(images.getDevice(), false);
        NDArray stdArray = images.getManager().create(s, perChannel).toDevice(images.getDevice(), false);
        return images.sub(meanArray).div(stdArray);
    }
}

package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns images into encoder input: RGB values scaled to [0, 1], channels first, {@code N x 3 x size x size} float32
 * (normalisation is the encoder's own step, see {@link Encoder#features}). Images of another size are resized
 * bilinearly.
 */
public final class ImageTensors {

    private ImageTensors() {}

    /** A batch of images as one {@code N x 3 x size x size} array in {@code manager}. */
    public static NDArray fromImages(NDManager manager, List<BufferedImage> images, int size) {
        int plane = size * size;
        float[] data = new float[images.size() * 3 * plane];
        int[] argb = new int[plane];
        for (int n = 0; n < images.size(); n++) {
            BufferedImage image = resized(images.get(n), size);
            image.getRGB(0, 0, size, size, argb, 0, size);
            int base = n * 3 * plane;
            for (int p = 0; p < plane; p++) {
                int rgb = argb[p];
                data[base + p] = ((rgb >> 16) & 0xFF) / 255f;
                data[base + plane + p] = ((rgb >> 8) & 0xFF) / 255f;
                data[base + 2 * plane + p] = (rgb & 0xFF) / 255f;
            }
        }
        return manager.create(data, new Shape(images.size(), 3, size, size));
    }

    /** The image itself when it is already {@code size x size}, else a bilinear resize to that size. */
    public static BufferedImage resized(BufferedImage image, int size) {
        if (image.getWidth() == size && image.getHeight() == size) {
            return image;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}

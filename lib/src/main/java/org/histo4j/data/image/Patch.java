package org.histo4j.data.image;

import java.awt.image.BufferedImage;

/**
 * An RGB image as three planes of floats in [0, 1], channel-first ({@code pixels[c * height * width + y * width +
 * x]}), the form augmentations work on and batches are made of.
 *
 * @param width  the width in pixels
 * @param height the height in pixels
 * @param pixels the planes, length {@code 3 * width * height}
 */
public record Patch(int width, int height, float[] pixels) {

    /** Checks the array length. */
    public Patch {
        if (width < 1 || height < 1 || pixels.length != 3 * width * height) {
            throw new IllegalArgumentException("patch " + width + "x" + height + " with " + pixels.length + " values");
        }
    }

    /** Converts an image to a patch. */
    public static Patch of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            out[i] = ((rgb[i] >> 16) & 255) / 255f;
            out[plane + i] = ((rgb[i] >> 8) & 255) / 255f;
            out[2 * plane + i] = (rgb[i] & 255) / 255f;
        }
        return new Patch(w, h, out);
    }

    /** The value of channel {@code c} at (x, y). */
    public float get(int c, int x, int y) {
        return pixels[(c * height + y) * width + x];
    }

    /** Converts back to an image (values clamped to [0, 1]). */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = byteOf(pixels[i]) << 16 | byteOf(pixels[plane + i]) << 8 | byteOf(pixels[2 * plane + i]);
        }
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }

    private static int byteOf(float v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}

package org.histo4j.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

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
        int[] rgb = packedRgb(image);
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            out[i] = ((rgb[i] >> 16) & 255) / 255f;
            out[plane + i] = ((rgb[i] >> 8) & 255) / 255f;
            out[2 * plane + i] = (rgb[i] & 255) / 255f;
        }
        return new Patch(w, h, out);
    }

    /**
     * The image's pixels as {@code 0xRRGGBB} ints, row by row (the top byte is the alpha of ARGB images; callers mask
     * it off). Images whose raster is one plain {@code int} array of RGB or (non-premultiplied) ARGB, as decoders and
     * slide readers produce, are read straight from that array, which is then returned itself: read it, never write
     * it. Any other image goes through {@link BufferedImage#getRGB}, which converts each pixel through its colour
     * model and is several times slower.
     */
    public static int[] packedRgb(BufferedImage image) {
        int type = image.getType();
        WritableRaster raster = image.getRaster();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getDataBuffer() instanceof DataBufferInt buffer && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == image.getWidth() && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && buffer.getOffset() == 0
                && buffer.getSize() == image.getWidth() * image.getHeight()) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
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

package org.histo4j.data.image;

import java.awt.image.BufferedImage;

/**
 * The one resize of histo4j, used by the image path (training, feature extraction, fine-tuning, slide tiles) and by
 * slide thumbnails: while the image is at least twice the target in both directions it is halved (each output pixel
 * the mean of a 2 x 2 block, so large reductions average rather than skip pixels), then one bilinear step maps it
 * to the target. Bilinear sampling uses pixel centres: output pixel {@code x} reads input position
 * {@code (x + 0.5) * w_in / w_out - 0.5}, clamped to the image, and interpolates its two neighbours in each
 * direction. Values stay floats throughout; an image already of the target size is returned as it is.
 */
public final class Resize {

    private Resize() {}

    /** The patch resized to {@code width x height} (see the class formula). */
    public static Patch resize(Patch patch, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("resize target must be positive, got " + width + "x" + height);
        }
        int w = patch.width();
        int h = patch.height();
        float[] planes = patch.pixels();
        if (w == width && h == height) {
            return patch;
        }
        while (w / 2 >= width && h / 2 >= height) {
            planes = bilinear(planes, 3, w, h, w / 2, h / 2);
            w /= 2;
            h /= 2;
        }
        return new Patch(width, height, w == width && h == height ? planes : bilinear(planes, 3, w, h, width, height));
    }

    /**
     * An image resized to {@code width x height} with the same arithmetic, each channel (alpha included, when the
     * image has one) resized as floats in [0, 1] and rounded back to bytes: {@code TYPE_INT_ARGB} when the image
     * has alpha, else {@code TYPE_INT_RGB}.
     */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] planes = new float[channels * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) {
                planes[c * plane + i] = ((argb[i] >>> (8 * (channels - 1 - c))) & 0xFF) / 255f;
            }
        }
        while (w / 2 >= width && h / 2 >= height) {
            planes = bilinear(planes, channels, w, h, w / 2, h / 2);
            w /= 2;
            h /= 2;
        }
        if (w != width || h != height) {
            planes = bilinear(planes, channels, w, h, width, height);
        }
        int outPlane = width * height;
        int[] out = new int[outPlane];
        for (int i = 0; i < outPlane; i++) {
            int value = alpha ? 0 : 0xFF000000;
            for (int c = 0; c < channels; c++) {
                value |= Math.round(Math.max(0, Math.min(1, planes[c * outPlane + i])) * 255)
                        << (8 * (channels - 1 - c));
            }
            out[i] = value;
        }
        BufferedImage result = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, width, height, out, 0, width);
        return result;
    }

    /** Bilinear resampling of {@code channels} planes of {@code w x h} to {@code ow x oh} (pixel centres aligned). */
    private static float[] bilinear(float[] in, int channels, int w, int h, int ow, int oh) {
        float[] out = new float[channels * ow * oh];
        float sx = w / (float) ow;
        float sy = h / (float) oh;
        for (int y = 0; y < oh; y++) {
            float fy = Math.max(0, Math.min(h - 1, (y + 0.5f) * sy - 0.5f));
            int y0 = (int) fy;
            int y1 = Math.min(h - 1, y0 + 1);
            float ty = fy - y0;
            for (int x = 0; x < ow; x++) {
                float fx = Math.max(0, Math.min(w - 1, (x + 0.5f) * sx - 0.5f));
                int x0 = (int) fx;
                int x1 = Math.min(w - 1, x0 + 1);
                float tx = fx - x0;
                for (int c = 0; c < channels; c++) {
                    int base = c * w * h;
                    float top = in[base + y0 * w + x0] * (1 - tx) + in[base + y0 * w + x1] * tx;
                    float bottom = in[base + y1 * w + x0] * (1 - tx) + in[base + y1 * w + x1] * tx;
                    out[(c * oh + y) * ow + x] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return out;
    }
}

package org.histo4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ResizeTest {

    /** A one-channel-looking patch: the same values in R, G and B. */
    private static Patch grey(int w, int h, float... values) {
        float[] px = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(values, 0, px, c * w * h, w * h);
        }
        return new Patch(w, h, px);
    }

    private static float[] red(Patch p) {
        float[] out = new float[p.width() * p.height()];
        System.arraycopy(p.pixels(), 0, out, 0, out.length);
        return out;
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        Patch p = grey(4, 2, 0, 2, 4, 6, 8, 10, 12, 14);
        // blocks {0, 2, 8, 10} and {4, 6, 12, 14}
        assertArrayEquals(new float[] {5, 9}, red(Resize.resize(p, 2, 1)), 1e-6f);
    }

    @Test
    void aFourfoldReductionAveragesEverySourcePixel() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        // halved twice: the mean of the four block means is the mean of 0..15; a single bilinear step would
        // read only the four central pixels (5, 6, 9, 10), which happen to share that mean, so use a corner-heavy
        // image as well
        assertArrayEquals(new float[] {7.5f}, red(Resize.resize(grey(4, 4, v), 1, 1)), 1e-6f);
        float[] corner = new float[16];
        corner[0] = 16;
        assertArrayEquals(new float[] {1f}, red(Resize.resize(grey(4, 4, corner), 1, 1)), 1e-6f);
    }

    @Test
    void upscalingInterpolatesBetweenPixelCentres() {
        // output centres map to -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, red(Resize.resize(grey(2, 1, 0, 1), 4, 1)), 1e-6f);
        Patch same = grey(2, 1, 0, 1);
        assertSame(same, Resize.resize(same, 2, 1));
    }

    @Test
    void imagesKeepTheirAlphaAndMatchThePatchArithmetic() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, x < 2 ? 0 : 0xFF336699);
            }
        }
        BufferedImage half = Resize.resize(image, 2, 1);
        assertEquals(BufferedImage.TYPE_INT_ARGB, half.getType());
        assertEquals(0, half.getRGB(0, 0) >>> 24, "the transparent half stays transparent");
        assertEquals(0xFF336699, half.getRGB(1, 0));

        BufferedImage rgb = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 36; i++) {
            rgb.setRGB(i % 6, i / 6, (i * 7) << 16 | (i * 3) << 8 | (255 - i * 5));
        }
        int[] viaPatch = Resize.resize(Patch.of(rgb), 4, 4).toImage().getRGB(0, 0, 4, 4, null, 0, 4);
        int[] viaImage = Resize.resize(rgb, 4, 4).getRGB(0, 0, 4, 4, null, 0, 4);
        assertArrayEquals(viaPatch, viaImage);
    }
}

package org.histo4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TransformsTest {

    /** A 3-wide, 2-high patch whose red plane is 0..5 row by row, green = red + 10, blue = red + 20 (over 100). */
    static Patch sample() {
        float[] px = new float[18];
        for (int i = 0; i < 6; i++) {
            px[i] = i / 100f;
            px[6 + i] = (i + 10) / 100f;
            px[12 + i] = (i + 20) / 100f;
        }
        return new Patch(3, 2, px);
    }

    static float[] red(Patch p) {
        return java.util.Arrays.copyOf(p.pixels(), p.width() * p.height());
    }

    /** A generator returning fixed booleans and ints, to pick one branch. */
    static RandomGenerator fixed(boolean bool, int integer) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public boolean nextBoolean() {
                return bool;
            }

            @Override
            public int nextInt(int bound) {
                return integer;
            }
        };
    }

    @Test
    void rotationBy90MovesPixelsAsByHand() {
        // red plane [[0,1,2],[3,4,5]] rotated 90 degrees clockwise is [[3,0],[4,1],[5,2]]
        Patch r = Transforms.rotations().apply(sample(), fixed(false, 1));
        assertEquals(2, r.width());
        assertEquals(3, r.height());
        assertArrayEquals(new float[] {0.03f, 0.0f, 0.04f, 0.01f, 0.05f, 0.02f}, red(r), 1e-6f);
        Patch back = sample();
        for (int i = 0; i < 4; i++) {
            back = Transforms.rotations().apply(back, fixed(false, 1));
        }
        assertArrayEquals(sample().pixels(), back.pixels(), 0);
    }

    @Test
    void flipsMirrorBothAxes() {
        Patch f = Transforms.flips().apply(sample(), fixed(true, 0));
        assertArrayEquals(new float[] {0.05f, 0.04f, 0.03f, 0.02f, 0.01f, 0.0f}, red(f), 1e-6f);
        assertEquals(0.25f, f.get(2, 0, 0), 1e-6f);
    }

    @Test
    void cropsAndResizeGiveTheRequestedSize() {
        Patch p = Patch.of(new java.awt.image.BufferedImage(10, 6, java.awt.image.BufferedImage.TYPE_INT_RGB));
        Patch c = Transforms.randomCrop(4).apply(p, new SplittableRandom(1));
        assertEquals(4, c.width());
        assertEquals(4, c.height());
        Patch up = Transforms.centerCrop(8).apply(p, new SplittableRandom(1));
        assertEquals(8, up.width());
        assertEquals(8, up.height());
        Patch center = Transforms.centerCrop(1).apply(sample(), new SplittableRandom(1));
        assertEquals(0.01f, center.get(0, 0, 0), 1e-6f);
    }

    @Test
    void hedWithUnitScaleAndNoShiftIsTheIdentity() {
        Patch p = sample();
        Patch same = Transforms.hed(p, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        assertArrayEquals(p.pixels(), same.pixels(), 1e-4f);
        Patch jittered = Transforms.hedJitter(0.2, 0.05).apply(p, new SplittableRandom(3));
        assertNotEquals(p.pixels()[0], jittered.pixels()[0]);
    }

    @Test
    void hedScalingHematoxylinDarkensAHematoxylinPixel() {
        // a pure-hematoxylin pixel: OD = 1.0 * (0.65, 0.70, 0.29); doubling H doubles its OD
        float[] px = new float[3];
        double[] h = {0.65, 0.70, 0.29};
        for (int c = 0; c < 3; c++) {
            px[c] = (float) Math.exp(-h[c]);
        }
        Patch doubled = Transforms.hed(new Patch(1, 1, px), new double[] {2, 1, 1}, new double[] {0, 0, 0});
        for (int c = 0; c < 3; c++) {
            assertEquals(Math.exp(-2 * h[c]), doubled.pixels()[c], 1e-4);
        }
    }

    @Test
    void colourJitterWithZeroAmplitudeChangesNothing() {
        Patch p = sample();
        assertArrayEquals(p.pixels(), Transforms.colourJitter(0, 0, 0).apply(p, new SplittableRandom(1)).pixels(),
                1e-6f);
    }

    @Test
    void normalisationFollowsItsFormula() {
        float[] out = new float[18];
        Normalization.IMAGENET.apply(sample(), out, 0);
        assertEquals((0.04f - 0.485f) / 0.229f, out[4], 1e-5f);
        assertEquals((0.15f - 0.456f) / 0.224f, out[6 + 5], 1e-5f);
        assertEquals((0.20f - 0.406f) / 0.225f, out[12], 1e-5f);
    }
}

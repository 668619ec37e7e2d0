package org.histo4j.data.stain;

import java.util.SplittableRandom;
import org.histo4j.data.image.Patch;

/** Test images painted by Beer-Lambert from two known stain vectors, so the true stains are known. */
final class StainedImages {

    /** Ruifrok and Johnston's hematoxylin OD vector, normalised. */
    static final double[] RUIFROK_H = StainMath.unit(new double[] {0.65, 0.70, 0.29});
    /** Ruifrok and Johnston's eosin OD vector, normalised. */
    static final double[] RUIFROK_E = StainMath.unit(new double[] {0.07, 0.99, 0.11});
    /** Another lab: bluer hematoxylin, more orange eosin. */
    static final double[] OTHER_H = StainMath.unit(new double[] {0.75, 0.60, 0.25});
    static final double[] OTHER_E = StainMath.unit(new double[] {0.15, 0.90, 0.30});

    private StainedImages() {}

    /**
     * A {@code size x size} image in blocks of 8 pixels: 10% glass, 25% hematoxylin only, 25% eosin only, 40%
     * mixtures; concentrations scaled by {@code intensity}; each pixel's concentrations vary by up to 20%.
     */
    static Patch paint(double[] h, double[] e, double intensity, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = size * size;
        float[] out = new float[3 * n];
        int blocks = size / 8;
        double[][] block = new double[blocks * blocks][];
        for (int b = 0; b < block.length; b++) {
            double u = rng.nextDouble();
            double ch = u < 0.1 ? 0 : u < 0.35 ? 0.4 + rng.nextDouble() : u < 0.6 ? 0 : 0.2 + 0.8 * rng.nextDouble();
            double ce = u < 0.1 ? 0 : u < 0.35 ? 0 : u < 0.6 ? 0.3 + 0.7 * rng.nextDouble()
                    : 0.2 + 0.6 * rng.nextDouble();
            block[b] = new double[] {ch * intensity, ce * intensity};
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double[] c = block[(y / 8) * blocks + x / 8];
                double ch = c[0] * (0.8 + 0.4 * rng.nextDouble());
                double ce = c[1] * (0.8 + 0.4 * rng.nextDouble());
                int i = y * size + x;
                for (int k = 0; k < 3; k++) {
                    out[k * n + i] = (float) Math.exp(-(h[k] * ch + e[k] * ce));
                }
            }
        }
        return new Patch(size, size, out);
    }

    /** An image of one colour. */
    static Patch flat(int size, float r, float g, float b) {
        int n = size * size;
        float[] out = new float[3 * n];
        java.util.Arrays.fill(out, 0, n, r);
        java.util.Arrays.fill(out, n, 2 * n, g);
        java.util.Arrays.fill(out, 2 * n, 3 * n, b);
        return new Patch(size, size, out);
    }

    /** The mean absolute difference of two images in grey levels (0..255). */
    static double meanAbsoluteDifference(Patch a, Patch b) {
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs(a.pixels()[i] - b.pixels()[i]);
        }
        return 255 * sum / a.pixels().length;
    }
}

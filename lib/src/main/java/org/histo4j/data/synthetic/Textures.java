package org.histo4j.data.synthetic;

import java.util.SplittableRandom;

/**
 * Periodic texture tiles computed once (fixed seed) and sampled at random offsets by the painter: value noise at
 * several scales, anisotropic "fibre" noise, and Voronoi cells for fat and glands. Value noise interpolates
 * random lattice values with the smoothstep {@code s(t) = t^2 (3 - 2t)}; a Voronoi tile stores, per pixel, the
 * distances F1 and F2 to the nearest and second-nearest seed point, from which the painter reads the ratio
 * {@code F1 / F2} (0 at a cell's centre, 1 on its border) and the border distance {@code (F2 - F1) / 2}.
 */
final class Textures {

    static final int SIZE = 256;
    static final int WRAP = SIZE - 1;

    final float[] fine;
    final float[] medium;
    final float[] coarse;
    final float[] fibres;
    final float[] fatRatio;
    final float[] fatBorder;
    final float[] glandRatio;

    private static final Textures INSTANCE = new Textures(0x5EED_1234L);

    private Textures(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        fine = valueNoise(rng, 2, 2);
        medium = fbm(rng, 16);
        coarse = fbm(rng, 64);
        fibres = fbmAniso(rng);
        float[][] fat = voronoi(rng, 16);
        fatRatio = fat[0];
        fatBorder = fat[1];
        glandRatio = voronoi(rng, 32)[0];
    }

    /** The shared tiles. */
    static Textures get() {
        return INSTANCE;
    }

    private static float[] fbm(SplittableRandom rng, int period) {
        float[] out = new float[SIZE * SIZE];
        float weight = 0.6f;
        float total = 0;
        for (int p = period; p >= 4; p /= 2) {
            float[] octave = valueNoise(rng, p, p);
            for (int i = 0; i < out.length; i++) {
                out[i] += weight * octave[i];
            }
            total += weight;
            weight *= 0.5f;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= total;
        }
        return out;
    }

    private static float[] fbmAniso(SplittableRandom rng) {
        float[] a = valueNoise(rng, 64, 4);
        float[] b = valueNoise(rng, 32, 2);
        float[] out = new float[SIZE * SIZE];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.65f * a[i] + 0.35f * b[i];
        }
        return out;
    }

    /** Periodic value noise in [0, 1] with lattice periods px (along x) and py (along y). */
    private static float[] valueNoise(SplittableRandom rng, int px, int py) {
        int nx = SIZE / px;
        int ny = SIZE / py;
        float[] lattice = new float[nx * ny];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) rng.nextDouble();
        }
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            int y0 = y / py;
            int y1 = (y0 + 1) % ny;
            float ty = smooth((y % py) / (float) py);
            for (int x = 0; x < SIZE; x++) {
                int x0 = x / px;
                int x1 = (x0 + 1) % nx;
                float tx = smooth((x % px) / (float) px);
                float top = lerp(lattice[y0 * nx + x0], lattice[y0 * nx + x1], tx);
                float bottom = lerp(lattice[y1 * nx + x0], lattice[y1 * nx + x1], tx);
                out[y * SIZE + x] = lerp(top, bottom, ty);
            }
        }
        return out;
    }

    /** Periodic Voronoi tile with one jittered seed per cell of the given size: {ratio F1/F2, border distance}. */
    private static float[][] voronoi(SplittableRandom rng, int cell) {
        int n = SIZE / cell;
        double[] sx = new double[n * n];
        double[] sy = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            sx[i] = (i % n + 0.15 + 0.7 * rng.nextDouble()) * cell;
            sy[i] = (i / n + 0.15 + 0.7 * rng.nextDouble()) * cell;
        }
        float[] ratio = new float[SIZE * SIZE];
        float[] border = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double f1 = Double.MAX_VALUE;
                double f2 = Double.MAX_VALUE;
                int cx = x / cell;
                int cy = y / cell;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int gx = Math.floorMod(cx + dx, n);
                        int gy = Math.floorMod(cy + dy, n);
                        double px = sx[gy * n + gx] + (cx + dx - Math.floorMod(cx + dx, n) == 0 ? 0 : (cx + dx < 0 ? -SIZE : SIZE));
                        double py = sy[gy * n + gx] + (cy + dy - Math.floorMod(cy + dy, n) == 0 ? 0 : (cy + dy < 0 ? -SIZE : SIZE));
                        double d = Math.hypot(px - x, py - y);
                        if (d < f1) {
                            f2 = f1;
                            f1 = d;
                        } else if (d < f2) {
                            f2 = d;
                        }
                    }
                }
                ratio[y * SIZE + x] = (float) (f1 / f2);
                border[y * SIZE + x] = (float) ((f2 - f1) / 2);
            }
        }
        return new float[][] {ratio, border};
    }

    private static float smooth(float t) {
        return t * t * (3 - 2 * t);
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}

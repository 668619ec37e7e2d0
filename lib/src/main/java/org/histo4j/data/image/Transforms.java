package org.histo4j.data.image;

import java.util.random.RandomGenerator;

/**
 * The standard patch transforms. HED jitter follows Tellez et al. (2018): optical density
 * {@code OD = -ln(max(I, 1e-6))} is unmixed into hematoxylin, eosin and DAB by the inverse of the
 * Ruifrok-Johnston matrix {@code M} (rows H = (0.65, 0.70, 0.29), E = (0.07, 0.99, 0.11), D = (0.27, 0.57, 0.78)),
 * each stain {@code s} becomes {@code s * a + b} with {@code a ~ U(1 - sigma, 1 + sigma)},
 * {@code b ~ U(-bias, bias)}, and {@code I = exp(-HED' M)}. Colour jitter: brightness multiplies by
 * {@code 1 + U(-b, b)}, contrast scales around the mean grey by {@code 1 + U(-c, c)}, saturation scales around the
 * pixel's grey ({@code 0.299 R + 0.587 G + 0.114 B}) by {@code 1 + U(-s, s)}.
 */
public final class Transforms {

    private static final double[][] RGB_FROM_HED = {{0.65, 0.70, 0.29}, {0.07, 0.99, 0.11}, {0.27, 0.57, 0.78}};
    private static final double[][] HED_FROM_RGB = invert(RGB_FROM_HED);

    private Transforms() {}

    /** Crops a random {@code size x size} window (upscaling first if the patch is smaller). */
    public static PatchTransform randomCrop(int size) {
        return (p, rng) -> {
            Patch q = atLeast(p, size);
            return crop(q, rng.nextInt(q.width() - size + 1), rng.nextInt(q.height() - size + 1), size);
        };
    }

    /** Crops the central {@code size x size} window (upscaling first if the patch is smaller). */
    public static PatchTransform centerCrop(int size) {
        return (p, rng) -> {
            Patch q = atLeast(p, size);
            return crop(q, (q.width() - size) / 2, (q.height() - size) / 2, size);
        };
    }

    /** Resizes to {@code size x size} with histo4j's one {@link Resize}. */
    public static PatchTransform resize(int size) {
        return (p, rng) -> Resize.resize(p, size, size);
    }

    /** Flips left-right and top-bottom, each with probability 1/2. */
    public static PatchTransform flips() {
        return (p, rng) -> {
            boolean h = rng.nextBoolean();
            boolean v = rng.nextBoolean();
            int w = p.width();
            return h || v ? remap(p, w, p.height(), (x, y) -> (v ? p.height() - 1 - y : y) * w
                    + (h ? w - 1 - x : x)) : p;
        };
    }

    /** Rotates by 0, 90, 180 or 270 degrees, uniformly. */
    public static PatchTransform rotations() {
        return (p, rng) -> {
            int k = rng.nextInt(4);
            int w = p.width();
            int h = p.height();
            return switch (k) {
                case 1 -> remap(p, h, w, (x, y) -> (h - 1 - x) * w + y);
                case 2 -> remap(p, w, h, (x, y) -> (h - 1 - y) * w + w - 1 - x);
                case 3 -> remap(p, h, w, (x, y) -> x * w + w - 1 - y);
                default -> p;
            };
        };
    }

    /** Brightness, contrast and saturation jitter (see the class formula). */
    public static PatchTransform colourJitter(double brightness, double contrast, double saturation) {
        return (p, rng) -> {
            float b = (float) (1 + uniform(rng, brightness));
            float c = (float) (1 + uniform(rng, contrast));
            float s = (float) (1 + uniform(rng, saturation));
            int n = p.width() * p.height();
            float[] in = p.pixels();
            float mean = 0;
            for (int i = 0; i < n; i++) {
                mean += grey(in[i], in[n + i], in[2 * n + i]);
            }
            mean = mean * b / n;
            float[] out = new float[in.length];
            for (int i = 0; i < n; i++) {
                float r = in[i] * b;
                float g = in[n + i] * b;
                float bl = in[2 * n + i] * b;
                float grey = grey(r, g, bl);
                out[i] = clamp(mean + ((grey + (r - grey) * s) - mean) * c);
                out[n + i] = clamp(mean + ((grey + (g - grey) * s) - mean) * c);
                out[2 * n + i] = clamp(mean + ((grey + (bl - grey) * s) - mean) * c);
            }
            return new Patch(p.width(), p.height(), out);
        };
    }

    /** HED stain jitter (see the class formula). */
    public static PatchTransform hedJitter(double sigma, double bias) {
        return (p, rng) -> {
            double[] alpha = new double[3];
            double[] beta = new double[3];
            for (int s = 0; s < 3; s++) {
                alpha[s] = 1 + uniform(rng, sigma);
                beta[s] = uniform(rng, bias);
            }
            return hed(p, alpha, beta);
        };
    }

    /** Applies HED scaling {@code alpha} and shift {@code beta} to each pixel (exposed for tests). */
    static Patch hed(Patch p, double[] alpha, double[] beta) {
        int n = p.width() * p.height();
        float[] in = p.pixels();
        float[] out = new float[in.length];
        double[] od = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                od[c] = -Math.log(Math.max(in[c * n + i], 1e-6));
            }
            double[] stains = new double[3];
            for (int s = 0; s < 3; s++) {
                double v = od[0] * HED_FROM_RGB[0][s] + od[1] * HED_FROM_RGB[1][s] + od[2] * HED_FROM_RGB[2][s];
                stains[s] = v * alpha[s] + beta[s];
            }
            for (int c = 0; c < 3; c++) {
                double o = stains[0] * RGB_FROM_HED[0][c] + stains[1] * RGB_FROM_HED[1][c]
                        + stains[2] * RGB_FROM_HED[2][c];
                out[c * n + i] = clamp((float) Math.exp(-o));
            }
        }
        return new Patch(p.width(), p.height(), out);
    }

    private static Patch atLeast(Patch p, int size) {
        if (p.width() >= size && p.height() >= size) {
            return p;
        }
        double scale = Math.max(size / (double) p.width(), size / (double) p.height());
        return Resize.resize(p, Math.max(size, (int) Math.ceil(p.width() * scale)),
                Math.max(size, (int) Math.ceil(p.height() * scale)));
    }

    private static Patch crop(Patch p, int x0, int y0, int size) {
        if (x0 == 0 && y0 == 0 && p.width() == size && p.height() == size) {
            return p;
        }
        int w = p.width();
        return remap(p, size, size, (x, y) -> (y + y0) * w + x + x0);
    }

    /** Where output pixel (x, y) comes from, as an index {@code y * width + x} into the input plane. */
    private interface Mapping {
        int source(int x, int y);
    }

    private static Patch remap(Patch p, int w, int h, Mapping mapping) {
        float[] out = new float[3 * w * h];
        int plane = w * h;
        int inPlane = p.width() * p.height();
        float[] in = p.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int from = mapping.source(x, y);
                int to = y * w + x;
                out[to] = in[from];
                out[plane + to] = in[inPlane + from];
                out[2 * plane + to] = in[2 * inPlane + from];
            }
        }
        return new Patch(w, h, out);
    }

    private static double uniform(RandomGenerator rng, double half) {
        return half == 0 ? 0 : (rng.nextDouble() * 2 - 1) * half;
    }

    private static float grey(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r1 = (j + 1) % 3;
                int r2 = (j + 2) % 3;
                int c1 = (i + 1) % 3;
                int c2 = (i + 2) % 3;
                inv[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
            }
        }
        return inv;
    }
}

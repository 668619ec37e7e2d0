package org.histo4j.data.synthetic;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints H&amp;E-like tissue procedurally, deterministically from a seed. A picture is described by a map giving each
 * pixel one of a few {@link TissueSpec}s; the painter fills each pixel with its tissue's colours and texture
 * (sampled from precomputed tiles at random offsets), shades it with slow noise, draws nuclei as soft ellipses
 * where their tissue is, and applies a stain variation.
 *
 * <p>Colour model: stains add in optical density {@code OD = -ln(I / 255)}. A nucleus of darkness {@code d} has
 * {@code OD = 1.9 d (0.65, 0.70, 0.29) (0.8 + 0.4 n)} with {@code n} chromatin noise in [0, 1] (the hematoxylin
 * vector of Ruifrok and Johnston), blended with the pixel below as {@code OD = (1 - a/2) OD_below + a OD_nucleus}
 * with {@code a} the edge coverage. The stain variation multiplies each channel's absorbance:
 * {@code I' = 255 - (255 - I) t_c}. Last, a {@link Lab} other than the default re-stains every pixel with its own H and
 * E vectors and intensities.
 */
public final class TissuePainter {

    /** Side of the world cells in which nuclei are drawn. */
    public static final int CELL = 16;

    private static final float[] H_VECTOR = {0.65f * 1.9f, 0.70f * 1.9f, 0.29f * 1.9f};

    private TissuePainter() {}

    /** Paints a region of one tissue, e.g. a synthetic whole-slide image tile. */
    public static BufferedImage paintRegion(TissueSpec tissue, int width, int height, long seed) {
        return paintWorld(new TissueSpec[] {tissue}, (x, y) -> 0, 0, 0, width, height, seed, null);
    }

    /**
     * Paints a square patch where the target tissue covers a blob of about {@code signal} of the area (at least 1%)
     * and the context tissue the rest; {@code tint} (3 channel factors near 1, or {@code null}) varies the stain.
     */
    public static BufferedImage paintPatch(TissueSpec target, TissueSpec context, double signal, int size,
            long seed, float[] tint) {
        return paintPatch(target, context, signal, size, seed, tint, Lab.DEFAULT);
    }

    /** As {@link #paintPatch(TissueSpec, TissueSpec, double, int, long, float[])}, stained in {@code lab}. */
    public static BufferedImage paintPatch(TissueSpec target, TissueSpec context, double signal, int size,
            long seed, float[] tint, Lab lab) {
        if (size < 8) {
            throw new IllegalArgumentException("patch size " + size + " < 8");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] map = signalMap(size, signal, rng);
        return paint(new TissueSpec[] {context, target}, map, size, size, rng.nextLong(), tint, lab);
    }

    /**
     * Paints a picture from a tissue map: {@code map[y * width + x]} indexes {@code tissues}. {@code tint} is null
     * or 3 per-channel absorbance factors.
     */
    public static BufferedImage paint(TissueSpec[] tissues, byte[] map, int width, int height, long seed,
            float[] tint) {
        return paint(tissues, map, width, height, seed, tint, Lab.DEFAULT);
    }

    /** As {@link #paint(TissueSpec[], byte[], int, int, long, float[])}, stained in {@code lab}. */
    public static BufferedImage paint(TissueSpec[] tissues, byte[] map, int width, int height, long seed,
            float[] tint, Lab lab) {
        if (map.length != width * height) {
            throw new IllegalArgumentException("map has " + map.length + " pixels, expected " + width * height);
        }
        TissueLayout layout = (x, y) -> map[(int) (Math.clamp(y, 0, height - 1) * width + Math.clamp(x, 0,
                width - 1))];
        return paintWorld(tissues, layout, 0, 0, width, height, seed, tint, lab);
    }

    /**
     * Paints the window {@code [x0, x0 + width) x [y0, y0 + height)} of an unbounded tissue plane. Everything
     * (textures, nuclei) depends only on world coordinates and the seed, so adjacent windows join without seams:
     * nuclei are drawn per world cell of {@value #CELL} pixels, cells within one cell of the window included.
     */
    public static BufferedImage paintWorld(TissueSpec[] tissues, TissueLayout layout, long x0, long y0, int width,
            int height, long seed, float[] tint) {
        return paintWorld(tissues, layout, x0, y0, width, height, seed, tint, Lab.DEFAULT);
    }

    /** As {@link #paintWorld(TissueSpec[], TissueLayout, long, long, int, int, long, float[])}, in {@code lab}. */
    public static BufferedImage paintWorld(TissueSpec[] tissues, TissueLayout layout, long x0, long y0, int width,
            int height, long seed, float[] tint, Lab lab) {
        if (width < 1 || height < 1 || tissues.length == 0) {
            throw new IllegalArgumentException("window " + width + "x" + height + " with " + tissues.length
                    + " tissues");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] offsets = new int[4];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = rng.nextInt(Textures.SIZE);
        }
        Canvas canvas = new Canvas(width, height);
        byte[] index = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                index[y * width + x] = (byte) layout.tissueAt(x0 + x, y0 + y);
            }
        }
        fillTissue(canvas, tissues, index, x0, y0, offsets);
        drawNuclei(canvas, tissues, layout, x0, y0, offsets, seed);
        return canvas.toImage(tint, lab);
    }

    /** A map with 1 on a blob covering about {@code signal} of the pixels and 0 elsewhere. */
    static byte[] signalMap(int size, double signal, SplittableRandom rng) {
        byte[] map = new byte[size * size];
        double fraction = Math.max(0.01, Math.min(1, signal));
        if (fraction >= 1) {
            java.util.Arrays.fill(map, (byte) 1);
            return map;
        }
        float[] noise = Textures.get().coarse;
        int ox = rng.nextInt(Textures.SIZE);
        int oy = rng.nextInt(Textures.SIZE);
        float[] values = new float[size * size];
        for (int y = 0; y < size; y++) {
            int row = ((y + oy) & Textures.WRAP) * Textures.SIZE;
            for (int x = 0; x < size; x++) {
                values[y * size + x] = noise[row + ((x + ox) & Textures.WRAP)];
            }
        }
        float threshold = quantileFromTop(values, (int) Math.round(fraction * values.length));
        for (int i = 0; i < values.length; i++) {
            map[i] = (byte) (values[i] >= threshold ? 1 : 0);
        }
        return map;
    }

    /**
     * The value above which about {@code wanted} of the values (all in [0, 1]) lie, in linear time: a histogram of
     * 256 bins finds the bin holding the cut, a second histogram of 256 sub-bins inside it refines it.
     */
    private static float quantileFromTop(float[] values, int wanted) {
        float low = 0;
        float width = 1;
        int need = wanted;
        for (int level = 0; level < 2; level++) {
            int[] histogram = new int[256];
            for (float v : values) {
                float t = (v - low) / width;
                if (t >= 0 && t < 1) {
                    histogram[(int) (t * 256)]++;
                } else if (t >= 1) {
                    histogram[255] += level == 0 ? 1 : 0;
                }
            }
            int cut = 255;
            int above = histogram[cut];
            while (cut > 0 && above < need) {
                cut--;
                above += histogram[cut];
            }
            need -= above - histogram[cut];
            low += cut * width / 256;
            width /= 256;
        }
        return low;
    }

    private static void fillTissue(Canvas c, TissueSpec[] tissues, byte[] map, long x0, long y0, int[] o) {
        Textures t = Textures.get();
        for (int y = 0; y < c.height; y++) {
            long wy = y0 + y;
            int r0 = (int) ((wy + o[0]) & Textures.WRAP) * Textures.SIZE;
            int r1 = (int) ((wy + o[1]) & Textures.WRAP) * Textures.SIZE;
            int r2 = (int) ((wy + o[2]) & Textures.WRAP) * Textures.SIZE;
            int r3 = (int) ((wy + o[3]) & Textures.WRAP) * Textures.SIZE;
            for (int x = 0; x < c.width; x++) {
                long wx = x0 + x;
                int i = y * c.width + x;
                int t0 = r0 + (int) ((wx + o[3]) & Textures.WRAP);
                int t1 = r1 + (int) ((wx + o[2]) & Textures.WRAP);
                int t2 = r2 + (int) ((wx + o[1]) & Textures.WRAP);
                int t3 = r3 + (int) ((wx + o[0]) & Textures.WRAP);
                TissueType type = tissues[map[i]].type();
                int colour = baseColour(type, t, t0, t1, t3);
                float shade = 0.9f + 0.2f * t.coarse[t2] + 0.12f * (t.fine[t1] - 0.5f);
                c.set(i, colour, shade);
            }
        }
    }

    private static int baseColour(TissueType type, Textures t, int t0, int t1, int t3) {
        return switch (type) {
            case BACKGROUND -> mix(type.colourA, type.colourB, t.fine[t0]);
            case STROMA -> mix(type.colourA, type.colourB, contrast(t.fibres[t0], 2.2f));
            case MUSCLE -> mix(type.colourA, type.colourB, contrast(t.fibres[t0], 3f));
            case FAT -> t.fatBorder[t3] < 1.1f ? type.colourB : mix(type.colourA, 0xFFFFFF, t.fine[t0]);
            case GLAND -> gland(t, t0, t3);
            case MUCUS -> mix(type.colourA, type.colourB, contrast(t.medium[t0] * t.fibres[t1] * 2, 1.5f));
            default -> mix(type.colourA, type.colourB, contrast(t.medium[t0], 1.8f));
        };
    }

    private static int gland(Textures t, int t0, int t3) {
        float r = t.glandRatio[t3];
        if (r < 0.5f) {
            return mix(TissueType.GLAND.colourA, 0xE8D8EC, t.fine[t0]);
        }
        if (r < 0.8f) {
            return mix(TissueType.GLAND.colourB, 0xB07CB8, t.medium[t0]);
        }
        return mix(TissueType.STROMA.colourA, TissueType.STROMA.colourB, contrast(t.fibres[t0], 2.2f));
    }

    private static void drawNuclei(Canvas c, TissueSpec[] tissues, TissueLayout layout, long x0, long y0,
            int[] o, long seed) {
        double maxDensity = 0;
        for (TissueSpec spec : tissues) {
            maxDensity = Math.max(maxDensity, spec.type().density * spec.density());
        }
        if (maxDensity == 0) {
            return;
        }
        double candidates = CELL * CELL * maxDensity / 1000.0;
        long cx0 = Math.floorDiv(x0, CELL) - 1;
        long cy0 = Math.floorDiv(y0, CELL) - 1;
        long cx1 = Math.floorDiv(x0 + c.width - 1, CELL) + 1;
        long cy1 = Math.floorDiv(y0 + c.height - 1, CELL) + 1;
        for (long cy = cy0; cy <= cy1; cy++) {
            for (long cx = cx0; cx <= cx1; cx++) {
                SplittableRandom rng = new SplittableRandom(seed ^ (cx * 0x9E3779B97F4A7C15L + cy * 0xC2B2AE3D27D4EB4FL));
                int n = (int) (candidates + rng.nextDouble());
                for (int k = 0; k < n; k++) {
                    double wx = cx * CELL + rng.nextDouble() * CELL;
                    double wy = cy * CELL + rng.nextDouble() * CELL;
                    TissueSpec spec = tissues[layout.tissueAt((long) Math.floor(wx), (long) Math.floor(wy))];
                    boolean keep = rng.nextDouble() * maxDensity < spec.type().density * spec.density()
                            && fits(spec.type(), (long) Math.floor(wx), (long) Math.floor(wy), o);
                    SplittableRandom shape = rng.split();
                    if (keep) {
                        drawEllipse(c, spec, wx - x0, wy - y0, shape);
                    }
                }
            }
        }
    }

    /** Glands keep nuclei on their epithelial ring, fat on its membranes. */
    private static boolean fits(TissueType type, long wx, long wy, int[] o) {
        if (type != TissueType.GLAND && type != TissueType.FAT) {
            return true;
        }
        Textures t = Textures.get();
        int tile = (int) ((wy + o[3]) & Textures.WRAP) * Textures.SIZE + (int) ((wx + o[0]) & Textures.WRAP);
        return type == TissueType.GLAND ? t.glandRatio[tile] >= 0.56f && t.glandRatio[tile] <= 0.76f
                : t.fatBorder[tile] <= 1.5f;
    }

    private static void drawEllipse(Canvas c, TissueSpec spec, double cx, double cy, SplittableRandom rng) {
        TissueType type = spec.type();
        double pleomorphism = type == TissueType.TUMOUR || type == TissueType.NECROSIS ? 0.45 : 0.15;
        double a = type.radius * spec.size() * (1 + pleomorphism * (rng.nextDouble() - 0.5) * 2);
        double elongation = Math.max(1, type.elongation * spec.elongation() * (0.85 + 0.3 * rng.nextDouble()));
        double b = a / Math.sqrt(elongation);
        a = a * Math.sqrt(elongation);
        boolean aligned = type == TissueType.STROMA || type == TissueType.MUSCLE;
        double angle = aligned ? 0.35 * (rng.nextDouble() - 0.5) : Math.PI * rng.nextDouble();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        float darkness = (float) (type.darkness * spec.darkness() * (0.85 + 0.3 * rng.nextDouble()));
        int chromatin = rng.nextInt(Textures.SIZE * Textures.SIZE);
        int bx = (int) Math.floor(cx - a - 1);
        int by = (int) Math.floor(cy - a - 1);
        int x0 = Math.max(0, bx);
        int x1 = Math.min(c.width - 1, (int) Math.ceil(cx + a + 1));
        int y0 = Math.max(0, by);
        int y1 = Math.min(c.height - 1, (int) Math.ceil(cy + a + 1));
        float[] fine = Textures.get().fine;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double u = (dx * cos + dy * sin) / a;
                double v = (-dx * sin + dy * cos) / b;
                double q = Math.sqrt(u * u + v * v);
                if (q < 1.25) {
                    float alpha = (float) Math.min(1, (1.25 - q) * 2.5);
                    float grain = 0.8f + 0.4f * fine[(chromatin + (y - by) * Textures.SIZE + x - bx) & 0xFFFF];
                    c.stain(y * c.width + x, darkness * grain, alpha);
                }
            }
        }
    }

    private static float contrast(float v, float k) {
        return Math.max(0, Math.min(1, 0.5f + (v - 0.5f) * k));
    }

    private static int mix(int a, int b, float t) {
        int r = (int) (((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) (((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) ((a & 255) * (1 - t) + (b & 255) * t);
        return r << 16 | g << 8 | bl;
    }

    /** RGB planes being painted, in 0..255. */
    private static final class Canvas {
        final int width;
        final int height;
        final float[] r;
        final float[] g;
        final float[] b;

        Canvas(int width, int height) {
            this.width = width;
            this.height = height;
            r = new float[width * height];
            g = new float[width * height];
            b = new float[width * height];
        }

        void set(int i, int colour, float shade) {
            r[i] = 255 - (255 - ((colour >> 16) & 255)) * shade;
            g[i] = 255 - (255 - ((colour >> 8) & 255)) * shade;
            b[i] = 255 - (255 - (colour & 255)) * shade;
        }

        void stain(int i, float amount, float alpha) {
            float keep = 1 - 0.5f * alpha;
            r[i] = blend(r[i], H_VECTOR[0] * amount, keep, alpha);
            g[i] = blend(g[i], H_VECTOR[1] * amount, keep, alpha);
            b[i] = blend(b[i], H_VECTOR[2] * amount, keep, alpha);
        }

        private static float blend(float intensity, float od, float keep, float alpha) {
            double below = -Math.log(Math.max(1, intensity) / 255.0);
            return (float) (255 * Math.exp(-(keep * below + alpha * od)));
        }

        BufferedImage toImage(float[] tint, Lab lab) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] packed = new int[width * height];
            float tr = tint == null ? 1 : tint[0];
            float tg = tint == null ? 1 : tint[1];
            float tb = tint == null ? 1 : tint[2];
            boolean restain = !lab.isDefault();
            for (int i = 0; i < packed.length; i++) {
                float pr = 255 - (255 - r[i]) * tr;
                float pg = 255 - (255 - g[i]) * tg;
                float pb = 255 - (255 - b[i]) * tb;
                // the default lab keeps today's integer rounding exactly, so existing images stay bit-identical
                packed[i] = restain ? lab.restain(pr, pg, pb) : clamp(pr) << 16 | clamp(pg) << 8 | clamp(pb);
            }
            image.setRGB(0, 0, width, height, packed, 0, width);
            return image;
        }

        private static int clamp(float v) {
            return v <= 0 ? 0 : v >= 255 ? 255 : (int) v;
        }
    }
}

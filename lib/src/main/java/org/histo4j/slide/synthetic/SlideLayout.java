package org.histo4j.slide.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.histo4j.slide.TissueMask;

/**
 * Where tissue and lesions lie on a synthetic slide: a few irregular tissue islands on glass and, for a positive
 * slide, small lesions placed inside the tissue until they cover {@code lesionFraction} of its area. Deterministic
 * for a seed; answers {@link #tissueAt} for any level-0 pixel without holding the slide in memory.
 *
 * <p>An island is a star-shaped blob: its radius at angle t is r (1 + sum_j a_j cos(j t + p_j)) for a few random
 * harmonics, so outlines look like tissue fragments rather than ellipses.
 */
public final class SlideLayout {

    private static final int HARMONICS = 4;

    private final int width;
    private final int height;
    private final List<Blob> islands;
    private final List<Blob> lesions;

    private SlideLayout(int width, int height, List<Blob> islands, List<Blob> lesions) {
        this.width = width;
        this.height = height;
        this.islands = List.copyOf(islands);
        this.lesions = List.copyOf(lesions);
    }

    /**
     * An irregular blob around (cx, cy); {@code inner} and {@code outer} bound its edge radius (a point closer than
     * {@code inner} is inside, one farther than {@code outer} outside), so most points need no angle.
     */
    record Blob(double cx, double cy, double radius, double[] amplitudes, double[] phases, double inner,
            double outer) {

        private static final int BOUND_SAMPLES = 2048;
        private static final double BOUND_MARGIN = 0.01;

        boolean contains(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            double squared = dx * dx + dy * dy;
            if (squared > outer * outer) {
                return false;
            }
            if (squared <= inner * inner) {
                return true;
            }
            return Math.sqrt(squared) <= radius * edge(Math.atan2(dy, dx));
        }

        double edge(double angle) {
            double edge = 1;
            for (int j = 0; j < amplitudes.length; j++) {
                edge += amplitudes[j] * Math.cos((j + 2) * angle + phases[j]);
            }
            return edge;
        }

        static Blob random(Random random, double cx, double cy, double radius, double roughness) {
            double[] amplitudes = new double[HARMONICS];
            double[] phases = new double[HARMONICS];
            for (int j = 0; j < HARMONICS; j++) {
                amplitudes[j] = roughness * random.nextDouble() / (j + 1);
                phases[j] = 2 * Math.PI * random.nextDouble();
            }
            Blob shape = new Blob(cx, cy, radius, amplitudes, phases, 0, Double.MAX_VALUE);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int s = 0; s < BOUND_SAMPLES; s++) {
                double edge = shape.edge(2 * Math.PI * s / BOUND_SAMPLES);
                min = Math.min(min, edge);
                max = Math.max(max, edge);
            }
            return new Blob(cx, cy, radius, amplitudes, phases, radius * Math.max(0, min - BOUND_MARGIN),
                    radius * Math.min(1.6, max + BOUND_MARGIN));
        }

        /** Sets {@code kinds[offset + x] = to} for the x of row y inside this blob whose kind is {@code from}. */
        void fillRow(Tissue[] kinds, int offset, int width, int y, Tissue from, Tissue to) {
            double dy = y - cy;
            if (Math.abs(dy) > outer) {
                return;
            }
            double half = Math.sqrt(outer * outer - dy * dy);
            int x0 = (int) Math.max(0, Math.ceil(cx - half));
            int x1 = (int) Math.min(width - 1, Math.floor(cx + half));
            for (int x = x0; x <= x1; x++) {
                if (kinds[offset + x] == from && contains(x, y)) {
                    kinds[offset + x] = to;
                }
            }
        }
    }

    /**
     * A layout of {@code islands} tissue islands on a {@code width x height} slide; if {@code lesionFraction > 0},
     * lesions of about {@code lesionRadius} pixels are added inside tissue until they cover that fraction of it
     * (measured on a coarse grid, so the achieved fraction is close to, not exactly, the one asked for).
     */
    public static SlideLayout generate(int width, int height, int islands, double lesionFraction, int lesionRadius,
            long seed) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("slide too small: " + width + "x" + height);
        }
        if (lesionFraction < 0 || lesionFraction >= 1) {
            throw new IllegalArgumentException("lesionFraction must be in [0, 1), got " + lesionFraction);
        }
        Random random = new Random(seed);
        List<Blob> tissue = new ArrayList<>();
        double base = Math.min(width, height) / (2.0 + Math.sqrt(islands));
        for (int i = 0; i < islands; i++) {
            double radius = base * (0.55 + 0.35 * random.nextDouble());
            double cx = radius + random.nextDouble() * Math.max(1, width - 2 * radius);
            double cy = radius + random.nextDouble() * Math.max(1, height - 2 * radius);
            tissue.add(Blob.random(random, cx, cy, radius, 0.35));
        }
        SlideLayout normal = new SlideLayout(width, height, tissue, List.of());
        List<Blob> lesions = new ArrayList<>();
        double tissueArea = normal.fraction(Tissue.NORMAL, 64);
        if (lesionFraction > 0 && tissueArea > 0) {
            double lesionArea = 0;
            double target = lesionFraction * tissueArea * width * (double) height;
            for (int attempt = 0; lesionArea < target && attempt < 10_000; attempt++) {
                double x = random.nextDouble() * width;
                double y = random.nextDouble() * height;
                if (normal.tissueAt((int) x, (int) y) != Tissue.NORMAL) {
                    continue;
                }
                double radius = lesionRadius * (0.7 + 0.6 * random.nextDouble());
                radius = Math.min(radius, Math.sqrt((target - lesionArea) / Math.PI) + 1);
                lesions.add(Blob.random(random, x, y, radius, 0.25));
                lesionArea += Math.PI * radius * radius;
            }
        }
        return new SlideLayout(width, height, tissue, lesions);
    }

    /** Level-0 width in pixels. */
    public int width() {
        return width;
    }

    /** Level-0 height in pixels. */
    public int height() {
        return height;
    }

    /** True when the slide holds a lesion (a positive slide). */
    public boolean hasLesion() {
        return !lesions.isEmpty();
    }

    /** What the level-0 pixel (x, y) shows. Lesions only count where there is tissue. */
    public Tissue tissueAt(int x, int y) {
        boolean inTissue = islands.stream().anyMatch(b -> b.contains(x, y));
        if (!inTissue) {
            return Tissue.BACKGROUND;
        }
        return lesions.stream().anyMatch(b -> b.contains(x, y)) ? Tissue.LESION : Tissue.NORMAL;
    }

    /** The fraction of the whole slide showing {@code kind}, sampled every {@code step} pixels. */
    public double fraction(Tissue kind, int step) {
        long hits = 0;
        long total = 0;
        for (int y = step / 2; y < height; y += step) {
            for (int x = step / 2; x < width; x += step) {
                total++;
                if (tissueAt(x, y) == kind) {
                    hits++;
                }
            }
        }
        return hits / (double) total;
    }

    /** The lesion area as a fraction of the tissue area (tissue = normal + lesion), sampled every {@code step}. */
    public double lesionFractionOfTissue(int step) {
        double lesion = fraction(Tissue.LESION, step);
        double tissue = lesion + fraction(Tissue.NORMAL, step);
        return tissue == 0 ? 0 : lesion / tissue;
    }

    /**
     * Where the lesions are, as a mask of one pixel per {@code downsample} level-0 pixels (rounded up): a mask pixel
     * is lesion when {@link #tissueAt} its centre says {@link Tissue#LESION}. Empty (all false) on a negative slide.
     */
    public TissueMask lesionMask(int downsample) {
        if (downsample < 1) {
            throw new IllegalArgumentException("downsample must be positive, got " + downsample);
        }
        int w = (width + downsample - 1) / downsample;
        int h = (height + downsample - 1) / downsample;
        boolean[] lesion = new boolean[w * h];
        for (int y = 0; y < h && hasLesion(); y++) {
            for (int x = 0; x < w; x++) {
                int cx = (int) Math.min(width - 1, (long) x * downsample + downsample / 2);
                int cy = (int) Math.min(height - 1, (long) y * downsample + downsample / 2);
                lesion[y * w + x] = tissueAt(cx, cy) == Tissue.LESION;
            }
        }
        return TissueMask.of(lesion, w, h, (long) w * downsample, (long) h * downsample);
    }

    /** The kinds of a row strip {@code [y0, y0 + rows)}, row-major, for painting (the same as {@link #tissueAt}). */
    public Tissue[] strip(int y0, int rows) {
        Tissue[] kinds = new Tissue[rows * width];
        java.util.Arrays.fill(kinds, Tissue.BACKGROUND);
        for (int r = 0; r < rows; r++) {
            for (Blob island : islands) {
                island.fillRow(kinds, r * width, width, y0 + r, Tissue.BACKGROUND, Tissue.NORMAL);
            }
            for (Blob lesion : lesions) {
                lesion.fillRow(kinds, r * width, width, y0 + r, Tissue.NORMAL, Tissue.LESION);
            }
        }
        return kinds;
    }
}

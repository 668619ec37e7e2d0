package org.histo4j.slide;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;

/**
 * Finds tissue on a low-resolution view of a slide (its thumbnail): stained tissue is coloured, glass and
 * background are grey or white, so tissue is where the HSV saturation {@code S = (max - min) / max} of a pixel
 * is high.
 *
 * <ol>
 *   <li>Saturation of every opaque pixel, as 0..255; transparent pixels (outside the scanned area) are
 *       background.</li>
 *   <li>Threshold by Otsu's method on the saturation histogram of the opaque pixels (the {@code t} maximising
 *       the between-class variance {@code w0 w1 (mu0 - mu1)^2}), but never below {@code minSaturation}, so a
 *       blank slide yields no tissue rather than a split of its noise.</li>
 *   <li>Optionally drop pen marks: pixels whose hue is green to cyan (75-200 degrees, saturation above 0.25),
 *       strongly blue ({@code B > 180, B - R > 90, B - G > 50}), or near black ({@code max < 50}); H&amp;E
 *       stains are pink to purple and never match.</li>
 *   <li>Remove specks: tissue components (8-connected) smaller than {@code minTissueArea} of the image.</li>
 *   <li>Fill holes: background components (4-connected) not touching the border and smaller than
 *       {@code maxHoleArea} of the image become tissue.</li>
 * </ol>
 */
public final class TissueDetector {

    private final int thumbnailSize;
    private final double minSaturation;
    private final double minTissueArea;
    private final double maxHoleArea;
    private final boolean removePenMarks;

    private TissueDetector(Builder builder) {
        this.thumbnailSize = builder.thumbnailSize;
        this.minSaturation = builder.minSaturation;
        this.minTissueArea = builder.minTissueArea;
        this.maxHoleArea = builder.maxHoleArea;
        this.removePenMarks = builder.removePenMarks;
    }

    /** Starts a builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A detector with the default settings. */
    public static TissueDetector create() {
        return builder().build();
    }

    /** The longer side in pixels of the thumbnail tissue is detected on. */
    public int thumbnailSize() {
        return thumbnailSize;
    }

    /** Detects tissue on the slide's thumbnail. */
    public TissueMask detect(SlideReader slide) {
        return detect(slide.thumbnail(thumbnailSize), slide.levelWidth(0), slide.levelHeight(0));
    }

    /** Detects tissue on an image covering a whole slide of {@code level0Width x level0Height} pixels. */
    public TissueMask detect(BufferedImage image, long level0Width, long level0Height) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        int[] saturation = new int[argb.length];
        int[] histogram = new int[256];
        for (int i = 0; i < argb.length; i++) {
            saturation[i] = (argb[i] >>> 24) < 128 ? -1 : saturation(argb[i]);
            if (saturation[i] >= 0) {
                histogram[saturation[i]]++;
            }
        }
        int threshold = Math.max(otsu(histogram), (int) Math.ceil(minSaturation * 255) - 1);
        boolean[] tissue = new boolean[argb.length];
        for (int i = 0; i < argb.length; i++) {
            tissue[i] = saturation[i] > threshold && !(removePenMarks && isPen(argb[i]));
        }
        removeComponents(tissue, width, height, true, (long) Math.ceil(minTissueArea * argb.length));
        removeComponents(tissue, width, height, false, (long) Math.ceil(maxHoleArea * argb.length));
        return TissueMask.of(tissue, width, height, level0Width, level0Height);
    }

    private static int saturation(int argb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        return max == 0 ? 0 : Math.round(255f * (max - min) / max);
    }

    /** Otsu's threshold: class 0 holds values {@code <= t}; 0 for a histogram with a single value. */
    static int otsu(int[] histogram) {
        long total = 0;
        double sum = 0;
        for (int v = 0; v < histogram.length; v++) {
            total += histogram[v];
            sum += (double) v * histogram[v];
        }
        long count0 = 0;
        double sum0 = 0;
        double best = -1;
        int threshold = 0;
        for (int t = 0; t < histogram.length; t++) {
            count0 += histogram[t];
            sum0 += (double) t * histogram[t];
            long count1 = total - count0;
            if (count0 == 0 || count1 == 0) {
                continue;
            }
            double mean0 = sum0 / count0;
            double mean1 = (sum - sum0) / count1;
            double between = (double) count0 * count1 * (mean0 - mean1) * (mean0 - mean1);
            if (between > best) {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }

    /** Whether a pixel looks like marker ink rather than stain (see the class comment). */
    static boolean isPen(int argb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        if (max < 50) {
            return true;
        }
        if (b > 180 && b - r > 90 && b - g > 50) {
            return true;
        }
        double s = (max - min) / (double) max;
        return s > 0.25 && hue(r, g, b, max, min) >= 75 && hue(r, g, b, max, min) <= 200;
    }

    private static double hue(int r, int g, int b, int max, int min) {
        if (max == min) {
            return 0;
        }
        double d = max - min;
        double h = max == r ? (g - b) / d : max == g ? 2 + (b - r) / d : 4 + (r - g) / d;
        return (h * 60 + 360) % 360;
    }

    /**
     * Flips components of the given value smaller than {@code minArea} pixels; for background components
     * (holes) only those not touching the border. Tissue uses 8-connectivity, background 4-connectivity.
     */
    private static void removeComponents(boolean[] mask, int width, int height, boolean value, long minArea) {
        if (minArea <= 1) {
            return;
        }
        boolean[] seen = new boolean[mask.length];
        int[] component = new int[mask.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[][] steps = value
                ? new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}}
                : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int start = 0; start < mask.length; start++) {
            if (seen[start] || mask[start] != value) {
                continue;
            }
            int size = 0;
            boolean touchesBorder = false;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                component[size++] = p;
                int x = p % width;
                int y = p / width;
                touchesBorder |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
                for (int[] step : steps) {
                    int nx = x + step[0];
                    int ny = y + step[1];
                    int q = ny * width + nx;
                    if (nx >= 0 && ny >= 0 && nx < width && ny < height && !seen[q] && mask[q] == value) {
                        seen[q] = true;
                        queue.add(q);
                    }
                }
            }
            if (size < minArea && (value || !touchesBorder)) {
                for (int i = 0; i < size; i++) {
                    mask[component[i]] = !value;
                }
            }
        }
    }

    /** Builds a {@link TissueDetector}. */
    public static final class Builder {
        private int thumbnailSize = 1024;
        private double minSaturation = 0.05;
        private double minTissueArea = 0.0005;
        private double maxHoleArea = 0.002;
        private boolean removePenMarks;

        private Builder() {}

        /** The longer side of the thumbnail the mask is computed on (default 1024). */
        public Builder optThumbnailSize(int thumbnailSize) {
            this.thumbnailSize = thumbnailSize;
            return this;
        }

        /** The lowest saturation (0..1) that can count as tissue, whatever Otsu says (default 0.05). */
        public Builder optMinSaturation(double minSaturation) {
            this.minSaturation = minSaturation;
            return this;
        }

        /** Tissue specks smaller than this share of the image are dropped (default 0.0005). */
        public Builder optMinTissueArea(double minTissueArea) {
            this.minTissueArea = minTissueArea;
            return this;
        }

        /** Holes smaller than this share of the image are filled (default 0.002; 0 keeps every hole). */
        public Builder optMaxHoleArea(double maxHoleArea) {
            this.maxHoleArea = maxHoleArea;
            return this;
        }

        /** Whether to drop pen marks (default false). */
        public Builder optRemovePenMarks(boolean removePenMarks) {
            this.removePenMarks = removePenMarks;
            return this;
        }

        /** Validates the settings, naming the bad one. */
        public TissueDetector build() {
            if (thumbnailSize < 16) {
                throw new IllegalArgumentException("thumbnailSize must be at least 16, got " + thumbnailSize);
            }
            check("minSaturation", minSaturation);
            check("minTissueArea", minTissueArea);
            check("maxHoleArea", maxHoleArea);
            return new TissueDetector(this);
        }

        private static void check(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
            }
        }
    }
}

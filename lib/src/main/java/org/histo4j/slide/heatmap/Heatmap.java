package org.histo4j.slide.heatmap;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.histo4j.Numbers;

/**
 * Draws per-tile values (attention weights, tile predictions) over a slide thumbnail, with an optional tissue
 * outline, an optional outline of the true lesions (synthetic slides, so the eye can check the model) and a legend:
 * a viridis colour bar ({@link Colormap}) whose labels state the scale. Values are scaled min-max by default, so
 * colours keep the data's proportions and the legend shows the real minimum and maximum; {@link Scaling#LOG} shows
 * orders of magnitude between the {@value #LOG_PERCENTILE}th percentile (lower values are clipped to it) and the
 * maximum, both stated in the legend; {@link Scaling#RANK} (as CLAM does for attention, so that a few very large
 * weights do not wash out the rest) is opt-in and the legend then says that colours are ranks.
 *
 * <pre>{@code
 * BufferedImage map = Heatmap.builder(thumbnail, downsample).setTiles(coords, tileSize, weights)
 *         .optTissueMask(mask).optLesionMask(lesions).optScaling(Heatmap.Scaling.LOG).build().render();
 * }</pre>
 */
public final class Heatmap {

    /** How tile values are turned into colours. */
    public enum Scaling {
        /** Percentile rank in [0, 1]. */
        RANK,
        /** (v - min) / (max - min). */
        MIN_MAX,
        /**
         * (log v - log lo) / (log max - log lo), lo the {@value #LOG_PERCENTILE}th percentile of the positive
         * values; values below lo (zero included) are drawn as lo.
         */
        LOG
    }

    /** The percentile under which {@link Scaling#LOG} clips values (attention spans many orders of magnitude). */
    public static final int LOG_PERCENTILE = 5;

    /** The colour of the true lesions' outline (magenta: absent from viridis). */
    public static final int LESION_RGB = 0xFF00FF;

    private final BufferedImage thumbnail;
    private final double downsample;
    private final int[][] coords;
    private final int tileSize;
    private final float[] values;
    private final boolean[][] tissueMask;
    private final boolean[][] lesionMask;
    private final Colormap colormap;
    private final Scaling scaling;
    private final float opacity;
    private final String quantity;

    /** The height in pixels of the legend drawn below the thumbnail. */
    public static final int LEGEND_HEIGHT = 50;

    private Heatmap(Builder builder) {
        this.thumbnail = builder.thumbnail;
        this.downsample = builder.downsample;
        this.coords = builder.coords;
        this.tileSize = builder.tileSize;
        this.values = builder.values;
        this.tissueMask = builder.tissueMask;
        this.lesionMask = builder.lesionMask;
        this.colormap = builder.colormap;
        this.scaling = builder.scaling;
        this.opacity = builder.opacity;
        this.quantity = builder.quantity;
    }

    /** Starts a heatmap over {@code thumbnail}, which is the slide's level 0 shrunk by {@code downsample}. */
    public static Builder builder(BufferedImage thumbnail, double downsample) {
        return new Builder(thumbnail, downsample);
    }

    /** The tile values scaled to [0, 1] as this heatmap colours them. */
    public double[] scaledValues() {
        return scale(values, scaling);
    }

    /** Scales values to [0, 1] by rank (ties share their mean rank), by min-max or by log between lo and max. */
    public static double[] scale(float[] values, Scaling scaling) {
        int n = values.length;
        double[] out = new double[n];
        if (n == 1) {
            out[0] = 1;
            return out;
        }
        if (scaling == Scaling.LOG) {
            double[] range = logRange(values);
            double lo = Math.log(range[0]);
            double span = Math.log(range[1]) - lo;
            for (int i = 0; i < n; i++) {
                out[i] = span == 0 ? 0.5 : Math.clamp((Math.log(Math.max(values[i], range[0])) - lo) / span, 0, 1);
            }
            return out;
        }
        if (scaling == Scaling.MIN_MAX) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            for (int i = 0; i < n; i++) {
                out[i] = max == min ? 0.5 : (values[i] - min) / (max - min);
            }
            return out;
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> values[i]))
                .toArray(Integer[]::new);
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 / (n - 1);
            for (int k = start; k <= end; k++) {
                out[order[k]] = rank;
            }
            start = end + 1;
        }
        return out;
    }

    /** The thumbnail with coloured tiles, tissue outline and the legend below. */
    public BufferedImage render() {
        int barHeight = LEGEND_HEIGHT;
        BufferedImage out = new BufferedImage(thumbnail.getWidth(), thumbnail.getHeight() + barHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(thumbnail, 0, 0, null);
            drawTiles(g);
            if (tissueMask != null) {
                drawOutline(g, tissueMask, 0x1B5E20);
            }
            if (lesionMask != null) {
                drawOutline(g, lesionMask, LESION_RGB);
            }
            drawColourBar(g, thumbnail.getHeight(), barHeight);
        } finally {
            g.dispose();
        }
        return out;
    }

    private void drawTiles(Graphics2D g) {
        double[] scaled = scaledValues();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
        for (int k = 0; k < coords.length; k++) {
            int x = (int) Math.floor(coords[k][0] / downsample);
            int y = (int) Math.floor(coords[k][1] / downsample);
            int x2 = (int) Math.ceil((coords[k][0] + tileSize) / downsample);
            int y2 = (int) Math.ceil((coords[k][1] + tileSize) / downsample);
            g.setColor(new Color(colormap.rgb(scaled[k])));
            g.fillRect(x, y, Math.max(1, x2 - x), Math.max(1, y2 - y));
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Marks mask pixels that touch a non-mask pixel; the mask may be coarser than the thumbnail. */
    private void drawOutline(Graphics2D g, boolean[][] mask, int rgb) {
        int rows = mask.length;
        int cols = mask[0].length;
        double sy = thumbnail.getHeight() / (double) rows;
        double sx = thumbnail.getWidth() / (double) cols;
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke(1.5f));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (mask[r][c] && isEdge(mask, r, c)) {
                    g.fillRect((int) (c * sx), (int) (r * sy), Math.max(1, (int) Math.ceil(sx)),
                            Math.max(1, (int) Math.ceil(sy)));
                }
            }
        }
    }

    /** Whether mask cell (r, c) touches a cell outside the mask (or the mask's border), 4-neighbourhood. */
    public static boolean isEdge(boolean[][] mask, int r, int c) {
        int[][] around = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] d : around) {
            int rr = r + d[0];
            int cc = c + d[1];
            if (rr < 0 || cc < 0 || rr >= mask.length || cc >= mask[0].length || !mask[rr][cc]) {
                return true;
            }
        }
        return false;
    }

    private void drawColourBar(Graphics2D g, int top, int height) {
        int margin = 8;
        int width = Math.max(1, thumbnail.getWidth() - 2 * margin);
        for (int x = 0; x < width; x++) {
            g.setColor(new Color(colormap.rgb(x / (double) Math.max(1, width - 1))));
            g.fillRect(margin + x, top + 4, 1, 14);
        }
        String[] labels = legendLabels();
        g.setColor(Color.DARK_GRAY);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        int ends = top + 30;
        g.drawString(labels[0], margin, ends);
        g.drawString(labels[2], margin + width - g.getFontMetrics().stringWidth(labels[2]), ends);
        g.drawString(labels[1], margin + (width - g.getFontMetrics().stringWidth(labels[1])) / 2, ends + 13);
    }

    /**
     * The legend's three labels: the value at the left end of the colour bar, what the colours mean, the value at
     * the right end. Min-max: the smallest and largest tile values; log: the clipping value lo (prefixed by
     * {@code <=}) and the largest value; rank: lowest to highest tile.
     */
    public String[] legendLabels() {
        if (scaling == Scaling.RANK || values.length == 1) {
            return new String[] {"lowest", quantity + ": rank among tiles (viridis)", "highest"};
        }
        if (scaling == Scaling.LOG) {
            double[] range = logRange(values);
            return new String[] {"<=" + Numbers.significant(range[0]), quantity + ": log scale, "
                    + Numbers.significant(range[0]) + " to " + Numbers.significant(range[1]) + ", lower values"
                    + " clipped at the " + LOG_PERCENTILE + "th percentile (viridis)", Numbers.significant(range[1])};
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new String[] {Numbers.significant(min), quantity + ": linear, min to max (viridis)",
                Numbers.significant(max)};
    }

    /**
     * The log scale's ends: the {@value #LOG_PERCENTILE}th percentile of the positive values (nearest rank) and the
     * maximum; {1, 1} when no value is positive.
     */
    private static double[] logRange(float[] values) {
        double[] positive = IntStream.range(0, values.length).mapToDouble(i -> values[i]).filter(v -> v > 0)
                .sorted().toArray();
        if (positive.length == 0) {
            return new double[] {1, 1};
        }
        int rank = (int) Math.ceil(LOG_PERCENTILE / 100.0 * positive.length) - 1;
        return new double[] {positive[Math.max(0, rank)], positive[positive.length - 1]};
    }

    /**
     * The indices of the {@code k} largest values, largest first (ties broken by index): the top-k tiles that
     * HistoTransfer fine-tunes on and that a gallery shows.
     */
    public static int[] topK(float[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Configures a {@link Heatmap}. */
    public static final class Builder {
        private final BufferedImage thumbnail;
        private final double downsample;
        private int[][] coords;
        private int tileSize;
        private float[] values;
        private boolean[][] tissueMask;
        private boolean[][] lesionMask;
        private Colormap colormap = Colormap.VIRIDIS;
        private Scaling scaling = Scaling.MIN_MAX;
        private float opacity = 0.5f;
        private String quantity = "value";

        private Builder(BufferedImage thumbnail, double downsample) {
            this.thumbnail = thumbnail;
            this.downsample = downsample;
        }

        /** The tiles (level-0 top-left corners, level-0 size) and one value per tile (required). */
        public Builder setTiles(int[][] coords, int tileSize, float[] values) {
            this.coords = coords;
            this.tileSize = tileSize;
            this.values = values;
            return this;
        }

        /** A tissue mask (any resolution, same extent as the thumbnail) whose outline is drawn. */
        public Builder optTissueMask(boolean[][] mask) {
            this.tissueMask = mask;
            return this;
        }

        /**
         * The true lesions (any resolution, same extent as the thumbnail, e.g. a synthetic slide's lesion mask),
         * outlined in {@link #LESION_RGB} over the tiles.
         */
        public Builder optLesionMask(boolean[][] mask) {
            this.lesionMask = mask;
            return this;
        }

        /** The colour map (default {@link Colormap#VIRIDIS}). */
        public Builder optColormap(Colormap colormap) {
            this.colormap = colormap;
            return this;
        }

        /** How values become colours (default {@link Scaling#MIN_MAX}; rank is opt-in). */
        public Builder optScaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        /** What the values are, named in the legend (default "value"), e.g. "attention weight". */
        public Builder optLegend(String quantity) {
            this.quantity = quantity;
            return this;
        }

        /** Opacity of the tile colours over the thumbnail (default 0.5). */
        public Builder optOpacity(float opacity) {
            this.opacity = opacity;
            return this;
        }

        /** Builds the heatmap. */
        public Heatmap build() {
            if (thumbnail == null || !(downsample > 0)) {
                throw new IllegalArgumentException("thumbnail and a positive downsample are required");
            }
            if (coords == null || values == null || coords.length != values.length || coords.length == 0) {
                throw new IllegalArgumentException("tiles: one value per tile is required, got "
                        + (coords == null ? 0 : coords.length) + " tiles and "
                        + (values == null ? 0 : values.length) + " values");
            }
            if (tissueMask != null && (tissueMask.length == 0 || tissueMask[0].length == 0)) {
                throw new IllegalArgumentException("tissueMask: empty");
            }
            if (lesionMask != null && (lesionMask.length == 0 || lesionMask[0].length == 0)) {
                throw new IllegalArgumentException("lesionMask: empty");
            }
            if (opacity < 0 || opacity > 1) {
                throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
            }
            return new Heatmap(this);
        }
    }

    @Override
    public String toString() {
        return "Heatmap[" + coords.length + " tiles, " + scaling + ", " + colormap + ", values "
                + Arrays.toString(Arrays.copyOf(values, Math.min(3, values.length))) + "...]";
    }
}

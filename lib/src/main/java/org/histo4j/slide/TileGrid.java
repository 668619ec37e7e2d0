package org.histo4j.slide;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.histo4j.Histo4jException;

/**
 * Square tiles of a given physical size cut from a slide: {@code tileSize} pixels at {@code mpp} microns per
 * pixel, non-overlapping, whole tiles only, kept when their tissue fraction reaches {@code minTissue}.
 *
 * <p>Where to read them: with {@code s} the slide's microns per level-0 pixel (the mean of x and y, or the
 * value given with {@link Builder#optSlideMpp}), the wanted downsample is {@code d = mpp / s}. The level read
 * is the most downsampled one with {@code downsample_l <= d (1 + tolerance)}, so that pyramid levels that are
 * not exact powers of two (4.016 for 4, say) are still used; level 0 when none qualifies. If
 * {@code |downsample_l - d| <= tolerance d} the tile is read at {@code tileSize} as is (a scale error of at most
 * the tolerance); otherwise {@code readSize = round(tileSize d / downsample_l)} pixels are read and resized to
 * {@code tileSize}. A tile spans {@code stride = round(readSize downsample_l)} level-0 pixels, tile
 * {@code (c, r)} starts at {@code (c stride, r stride)}, and the grid has {@code floor(w0 / stride)} columns and
 * {@code floor(h0 / stride)} rows.
 */
public final class TileGrid {

    private final String source;
    private final double slideMpp;
    private final double mpp;
    private final int level;
    private final double levelDownsample;
    private final int readSize;
    private final int tileSize;
    private final long stride;
    private final int columns;
    private final int rows;
    private final List<Tile> tiles;

    private TileGrid(Builder b, double slideMpp, int level, double levelDownsample, int readSize, long stride,
            int columns, int rows, List<Tile> tiles) {
        this.source = b.slide.source();
        this.slideMpp = slideMpp;
        this.mpp = b.mpp;
        this.level = level;
        this.levelDownsample = levelDownsample;
        this.readSize = readSize;
        this.tileSize = b.tileSize;
        this.stride = stride;
        this.columns = columns;
        this.rows = rows;
        this.tiles = List.copyOf(tiles);
    }

    /** Starts a builder: {@code setSlide}, {@code setTileSize} and {@code setMpp} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The slide the grid was cut from. */
    public String source() {
        return source;
    }

    /** The slide's microns per level-0 pixel used (its own or the one given). */
    public double slideMpp() {
        return slideMpp;
    }

    /** The tiles' microns per pixel. */
    public double mpp() {
        return mpp;
    }

    /** The pyramid level tiles are read from. */
    public int level() {
        return level;
    }

    /** That level's downsample. */
    public double levelDownsample() {
        return levelDownsample;
    }

    /** The side read at {@link #level()}, in that level's pixels. */
    public int readSize() {
        return readSize;
    }

    /** The side of the tiles handed out. */
    public int tileSize() {
        return tileSize;
    }

    /** The distance between tiles, and the side each covers, in level-0 pixels. */
    public long stride() {
        return stride;
    }

    /** The number of columns of the full grid. */
    public int columns() {
        return columns;
    }

    /** The number of rows of the full grid. */
    public int rows() {
        return rows;
    }

    /** The tiles kept (enough tissue), row by row. */
    public List<Tile> tiles() {
        return tiles;
    }

    @Override
    public String toString() {
        return "TileGrid[" + source + ": " + tiles.size() + " of " + columns + "x" + rows + " tiles of " + tileSize
                + " px at " + mpp + " um/px, read " + readSize + " px at level " + level + "]";
    }

    /** Builds a {@link TileGrid}. */
    public static final class Builder {
        private SlideMetadata slide;
        private int tileSize;
        private double mpp;
        private OptionalDouble slideMpp = OptionalDouble.empty();
        private double tolerance = 0.02;
        private TissueMask mask;
        private double minTissue;

        private Builder() {}

        /** The slide to tile (required). */
        public Builder setSlide(SlideMetadata slide) {
            this.slide = slide;
            return this;
        }

        /** The side of the tiles in output pixels (required). */
        public Builder setTileSize(int tileSize) {
            this.tileSize = tileSize;
            return this;
        }

        /** The tiles' microns per pixel (required). */
        public Builder setMpp(double mpp) {
            this.mpp = mpp;
            return this;
        }

        /** The slide's microns per level-0 pixel, overriding (or standing in for missing) metadata. */
        public Builder optSlideMpp(double slideMpp) {
            this.slideMpp = OptionalDouble.of(slideMpp);
            return this;
        }

        /** The relative tolerance on level downsamples (default 0.02). */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** A tissue mask giving each tile's tissue fraction (without one every tile counts as tissue). */
        public Builder optTissueMask(TissueMask mask) {
            this.mask = mask;
            return this;
        }

        /** The least tissue fraction a tile needs to be kept (default 0: keep all). */
        public Builder optMinTissue(double minTissue) {
            this.minTissue = minTissue;
            return this;
        }

        /** Validates the settings, picks the level and lays out the tiles. */
        public TileGrid build() {
            validate();
            double s = slideMpp.isPresent() ? slideMpp.getAsDouble() : slide.mpp().orElseThrow(() ->
                    new Histo4jException("slide " + slide.source() + " has no microns per pixel in its metadata; "
                            + "give its mpp with optSlideMpp(...)"));
            double d = mpp / s;
            int level = 0;
            for (int l = 1; l < slide.levelCount(); l++) {
                if (slide.level(l).downsample() <= d * (1 + tolerance)) {
                    level = l;
                }
            }
            double ds = slide.level(level).downsample();
            int read = Math.abs(ds - d) <= tolerance * d ? tileSize : (int) Math.round(tileSize * d / ds);
            if (read < 1) {
                throw new IllegalArgumentException("tiles of " + tileSize + " px at " + mpp + " um/px are below one"
                        + " pixel of " + slide.source() + " (" + s + " um/px)");
            }
            long stride = Math.round(read * ds);
            int columns = (int) (slide.level(0).width() / stride);
            int rows = (int) (slide.level(0).height() / stride);
            return new TileGrid(this, s, level, ds, read, stride, columns, rows, layout(level, read, stride, columns,
                    rows));
        }

        private List<Tile> layout(int level, int read, long stride, int columns, int rows) {
            List<Tile> tiles = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    long x = c * stride;
                    long y = r * stride;
                    double fraction = mask == null ? 1 : mask.tissueFraction(x, y, stride, stride);
                    if (fraction >= minTissue) {
                        tiles.add(new Tile(c, r, x, y, level, read, tileSize, stride, fraction));
                    }
                }
            }
            return tiles;
        }

        private void validate() {
            if (slide == null) {
                throw new IllegalArgumentException("TileGrid.builder(): setSlide is required");
            }
            if (tileSize <= 0) {
                throw new IllegalArgumentException("TileGrid.builder(): setTileSize must be positive, got " + tileSize);
            }
            if (!(mpp > 0) || Double.isInfinite(mpp)) {
                throw new IllegalArgumentException("TileGrid.builder(): setMpp must be positive, got " + mpp);
            }
            if (slideMpp.isPresent() && !(slideMpp.getAsDouble() > 0 && Double.isFinite(slideMpp.getAsDouble()))) {
                throw new IllegalArgumentException("TileGrid.builder(): optSlideMpp must be positive, got "
                        + slideMpp.getAsDouble());
            }
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("TileGrid.builder(): optTolerance must be in [0, 1), got " + tolerance);
            }
            if (!(minTissue >= 0 && minTissue <= 1)) {
                throw new IllegalArgumentException("TileGrid.builder(): optMinTissue must be in [0, 1], got " + minTissue);
            }
        }
    }
}

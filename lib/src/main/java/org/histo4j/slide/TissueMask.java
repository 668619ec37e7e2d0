package org.histo4j.slide;

import java.awt.image.BufferedImage;

/**
 * Which parts of a slide hold tissue: a binary mask at low resolution (typically one pixel per 16-64 level-0
 * pixels) with the scale back to level 0. Made by {@link TissueDetector}, or from any boolean grid with
 * {@link #of}. Immutable.
 *
 * <p>The tissue fraction of a level-0 rectangle is the share of tissue among the mask pixels whose centres
 * fall inside it ({@code (i + 0.5) * downsampleX} in {@code [x, x + w)}, likewise for rows), counted with a
 * summed-area table; a rectangle smaller than one mask pixel takes the pixel under its centre, and mask pixels
 * outside the slide do not count.
 */
public final class TissueMask {

    private final int width;
    private final int height;
    private final boolean[] tissue;
    private final double downsampleX;
    private final double downsampleY;
    private final long[] integral;

    private TissueMask(int width, int height, boolean[] tissue, double downsampleX, double downsampleY) {
        this.width = width;
        this.height = height;
        this.tissue = tissue;
        this.downsampleX = downsampleX;
        this.downsampleY = downsampleY;
        this.integral = new long[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            long row = 0;
            for (int x = 0; x < width; x++) {
                row += tissue[y * width + x] ? 1 : 0;
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + row;
            }
        }
    }

    /**
     * A mask from a row-major grid of {@code width x height} flags covering a slide of
     * {@code level0Width x level0Height} pixels (the array is copied).
     */
    public static TissueMask of(boolean[] tissue, int width, int height, long level0Width, long level0Height) {
        if (width <= 0 || height <= 0 || tissue.length != width * height) {
            throw new IllegalArgumentException("mask of " + tissue.length + " flags does not match " + width + "x"
                    + height);
        }
        if (level0Width <= 0 || level0Height <= 0) {
            throw new IllegalArgumentException("slide size must be positive, got " + level0Width + "x" + level0Height);
        }
        return new TissueMask(width, height, tissue.clone(), level0Width / (double) width,
                level0Height / (double) height);
    }

    /** The mask's width in pixels. */
    public int width() {
        return width;
    }

    /** The mask's height in pixels. */
    public int height() {
        return height;
    }

    /** Level-0 pixels per mask pixel along x. */
    public double downsampleX() {
        return downsampleX;
    }

    /** Level-0 pixels per mask pixel along y. */
    public double downsampleY() {
        return downsampleY;
    }

    /** Whether a mask pixel is tissue. */
    public boolean isTissue(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IllegalArgumentException("mask pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return tissue[y * width + x];
    }

    /** The share of the whole mask that is tissue, in [0, 1]. */
    public double tissueFraction() {
        return count(0, 0, width, height) / (double) (width * height);
    }

    /** The share of tissue in a rectangle given in level-0 pixels, in [0, 1] (see the class comment). */
    public double tissueFraction(long x, long y, long w, long h) {
        int[] cols = covered(x, w, downsampleX, width);
        int[] rows = covered(y, h, downsampleY, height);
        long cells = (long) (cols[1] - cols[0]) * (rows[1] - rows[0]);
        return cells <= 0 ? 0 : count(cols[0], rows[0], cols[1], rows[1]) / (double) cells;
    }

    /** The half-open range of mask cells whose centres lie in [start, start + length), clamped to the mask. */
    private static int[] covered(long start, long length, double downsample, int size) {
        int first = (int) Math.ceil(start / downsample - 0.5);
        int end = (int) Math.ceil((start + length) / downsample - 0.5);
        if (end <= first) {
            first = (int) Math.floor((start + length / 2.0) / downsample);
            end = first + 1;
        }
        return new int[] {Math.max(0, first), Math.min(size, end)};
    }

    private long count(int x0, int y0, int x1, int y1) {
        int stride = width + 1;
        return integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0]
                + integral[y0 * stride + x0];
    }

    /** The mask as an image: tissue white, background black. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, tissue[y * width + x] ? 255 : 0);
            }
        }
        return image;
    }
}

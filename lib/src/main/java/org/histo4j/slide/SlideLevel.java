package org.histo4j.slide;

/**
 * One level of a slide pyramid: its size in pixels and its downsample relative to level 0.
 *
 * @param width the level's width in pixels
 * @param height the level's height in pixels
 * @param downsample how many level-0 pixels one pixel of this level spans (1 for level 0)
 */
public record SlideLevel(long width, long height, double downsample) {

    /** Validates the level: positive size and a finite downsample of at least 1 (up to rounding). */
    public SlideLevel {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("level size must be positive, got " + width + "x" + height);
        }
        if (!(downsample > 0) || Double.isInfinite(downsample)) {
            throw new IllegalArgumentException("level downsample must be positive and finite, got " + downsample);
        }
    }
}

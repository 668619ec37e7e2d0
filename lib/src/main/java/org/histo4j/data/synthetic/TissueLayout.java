package org.histo4j.data.synthetic;

/**
 * Which tissue lies at each point of an unbounded plane, so that a large picture (a synthetic whole-slide image)
 * can be painted tile by tile without seams: {@link TissuePainter#paintWorld} asks it for the tissue at world
 * coordinates, also a little outside the tile (nuclei straddle tile borders).
 *
 * <p>To write your own: return, for any (x, y), an index into the tissue array passed to the painter, as a pure
 * function of the coordinates (e.g. thresholds of a smooth function, or a lookup in a low-resolution map).
 */
@FunctionalInterface
public interface TissueLayout {

    /** The index of the tissue at world pixel (x, y). */
    int tissueAt(long x, long y);
}

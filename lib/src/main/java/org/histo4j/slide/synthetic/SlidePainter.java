package org.histo4j.slide.synthetic;

/**
 * Paints the pixels of a synthetic slide, a strip of rows at a time, given what each pixel shows. Implement it to
 * give synthetic slides another look; it must be deterministic (same strip, same pixels) so slides can be rewritten.
 */
@FunctionalInterface
public interface SlidePainter {

    /**
     * Fills {@code rgb} (3 bytes per pixel, row-major, {@code rows x width}) for the strip starting at level-0 row
     * {@code y0}; {@code kinds} says what each pixel shows, in the same order.
     */
    void paint(int y0, int width, int rows, Tissue[] kinds, byte[] rgb);

    /** The name of the lab whose stains this painter uses, as a cohort manifest records it (default {@code default}). */
    default String labName() {
        return "default";
    }
}

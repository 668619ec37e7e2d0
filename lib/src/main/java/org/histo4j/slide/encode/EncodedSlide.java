package org.histo4j.slide.encode;

import java.nio.file.Path;

/**
 * What encoding one slide produced.
 *
 * @param entry the slide
 * @param bagFile the bag file written (or found fresh)
 * @param tiles the number of tiles in the bag
 * @param tileSize the level-0 side of each tile (the grid stride)
 * @param skipped true when a fresh bag was already there and nothing was encoded
 * @param seconds the wall time spent on this slide
 */
public record EncodedSlide(SlideEntry entry, Path bagFile, int tiles, long tileSize, boolean skipped,
        double seconds) {}

package org.histo4j.slide.mil;

import java.awt.image.BufferedImage;
import java.util.List;

/** Tile images of one slide with the slide's label: the input of top-k fine-tuning and of re-encoding. */
public record SlideTiles(String slideId, String group, int label, List<BufferedImage> tiles) {

    /** Copies the tile list; a slide needs at least one tile. */
    public SlideTiles {
        tiles = List.copyOf(tiles);
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("slide " + slideId + " has no tiles");
        }
    }
}

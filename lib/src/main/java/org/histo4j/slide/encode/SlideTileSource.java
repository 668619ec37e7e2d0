package org.histo4j.slide.encode;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.histo4j.data.ImageSource;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileReader;

/**
 * The tiles of one slide as an {@link ImageSource}, so that transfer's {@link
 * org.histo4j.transfer.FeatureExtractor} encodes them (reading tiles on its worker threads, which OpenSlide allows on
 * one handle). Every tile carries the slide's label and group; its location is {@code slideId@x,y+size} in level-0
 * pixels. Does not own the slide: close the slide after this source.
 */
public final class SlideTileSource implements ImageSource {

    /** The class names of binary slide labels. */
    public static final List<String> BINARY_CLASSES = List.of("negative", "positive");

    private final SlideEntry entry;
    private final List<Tile> tiles;
    private final TileReader reader;

    /** The {@code tiles} of the open {@code slide} described by {@code entry}. */
    public SlideTileSource(SlideEntry entry, SlideReader slide, List<Tile> tiles) {
        if (entry.label() >= BINARY_CLASSES.size()) {
            throw new IllegalArgumentException("slide " + entry.slideId() + ": label " + entry.label()
                    + " is not binary (0 or 1)");
        }
        this.entry = entry;
        this.tiles = List.copyOf(tiles);
        this.reader = new TileReader(slide, 1);
    }

    /** The tiles, in source order. */
    public List<Tile> tiles() {
        return tiles;
    }

    @Override
    public String name() {
        return entry.slideId();
    }

    @Override
    public List<String> classes() {
        return BINARY_CLASSES;
    }

    @Override
    public int size() {
        return tiles.size();
    }

    @Override
    public int label(int index) {
        return entry.label();
    }

    @Override
    public String group(int index) {
        return entry.group();
    }

    @Override
    public String location(int index) {
        Tile tile = tiles.get(index);
        return String.format(Locale.ROOT, "%s@%d,%d+%d", entry.slideId(), tile.x(), tile.y(), tile.level0Size());
    }

    @Override
    public BufferedImage read(int index) {
        return reader.read(tiles.get(index));
    }

    /** Stops the reader's idle thread; the slide stays open. */
    @Override
    public void close() {
        reader.close();
    }
}

package org.histo4j.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.Fixtures;
import org.histo4j.slide.openslide.OpenSlide;
import org.junit.jupiter.api.Test;

/** Parallel tile reading: the right pixels, the right sizes, in order. */
class TileReaderTest {

    @Test
    void tilesComeInOrderWithTheirOwnPixels() throws IOException {
        try (FakeSlide slide = new FakeSlide(FakeSlide.pyramid());
                TileReader reader = new TileReader(slide, 3)) {
            TileGrid grid = TileGrid.builder().setSlide(slide.metadata()).setTileSize(50).setMpp(1.0)
                    .optSlideMpp(0.25).build(); // d = 4: level 2, read 50, stride 200
            List<Tile> seen = new ArrayList<>();
            reader.forEachOrdered(grid.tiles(), (tile, image) -> {
                seen.add(tile);
                assertEquals(50, image.getWidth());
                // level-2 pixel (x / 4 + 7, y / 4 + 3)
                int expected = (int) ((tile.x() / 4 + 7) & 0xff) << 16 | (int) ((tile.y() / 4 + 3) & 0xff) << 8 | 2;
                assertEquals(expected, image.getRGB(7, 3) & 0xffffff, tile.toString());
            });
            assertEquals(grid.tiles(), seen);
        }
    }

    @Test
    void resizedTilesHaveTheOutputSizeAndTransparentAreasBecomeWhite() {
        try (FakeSlide slide = new FakeSlide(FakeSlide.pyramid());
                TileReader reader = new TileReader(slide, 1)) {
            Tile tile = new Tile(0, 0, 900, 700, 0, 200, 64, 200, 1);
            BufferedImage image = reader.read(tile);
            assertEquals(64, image.getWidth());
            assertEquals(64, image.getHeight());
            assertEquals(0xffffff, image.getRGB(63, 63) & 0xffffff, "beyond the slide is white");
        }
    }

    @Test
    void cmuTilesAtHalfAMicronAreLevelZeroReads() throws IOException {
        try (OpenSlide slide = new OpenSlide(Fixtures.path("slides/CMU-1-Small-Region.svs"));
                TileReader reader = new TileReader(slide, 2)) {
            TileGrid grid = TileGrid.builder().setSlide(slide.metadata()).setTileSize(256).setMpp(0.5).build();
            // d = 0.5 / 0.499 = 1.002 -> level 0 within tolerance, 8 x 11 tiles of 256
            assertEquals(0, grid.level());
            assertEquals(256, grid.readSize());
            assertEquals(2220 / 256 * (2967 / 256), grid.tiles().size());
            List<Tile> some = grid.tiles().subList(0, 6);
            List<Tile> seen = new ArrayList<>();
            reader.forEachOrdered(some, (tile, image) -> {
                seen.add(tile);
                BufferedImage direct = slide.readRegion(tile.x(), tile.y(), 0, 256, 256);
                assertEquals(direct.getRGB(100, 100), image.getRGB(100, 100));
            });
            assertEquals(some, seen);
        }
    }
}

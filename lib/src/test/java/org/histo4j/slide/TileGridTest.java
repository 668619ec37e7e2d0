package org.histo4j.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.slide.openslide.OpenSlide;
import org.junit.jupiter.api.Test;

/** Tile layout at a physical size, worked by hand from the formulas in {@link TileGrid}. */
class TileGridTest {

    private static TileGrid.Builder fake(int tileSize, double mpp) {
        return TileGrid.builder().setSlide(FakeSlide.pyramid()).setTileSize(tileSize).setMpp(mpp).optSlideMpp(0.25);
    }

    @Test
    void slideWithoutMicronsIsRefusedUnlessGiven() {
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> TileGrid.builder().setSlide(FakeSlide.pyramid()).setTileSize(100).setMpp(0.5).build());
        assertTrue(e.getMessage().contains("fake has no microns per pixel"), e.getMessage());
    }

    @Test
    void exactLevelIsReadAsIs() {
        // d = 0.5 / 0.25 = 2 -> level 1, read 100, stride 200 -> 5 x 4 tiles
        TileGrid grid = fake(100, 0.5).build();
        assertEquals(1, grid.level());
        assertEquals(100, grid.readSize());
        assertEquals(200, grid.stride());
        assertEquals(5, grid.columns());
        assertEquals(4, grid.rows());
        assertEquals(20, grid.tiles().size());
        assertEquals(new Tile(2, 3, 400, 600, 1, 100, 100, 200, 1.0), grid.tiles().get(3 * 5 + 2));
    }

    @Test
    void inBetweenDownsampleReadsMoreAndResizes() {
        // d = 2.4 -> level 1 (2 <= 2.448, 4 > 2.448), read round(100 * 2.4 / 2) = 120, stride 240 -> 4 x 3
        TileGrid grid = fake(100, 0.6).build();
        assertEquals(1, grid.level());
        assertEquals(120, grid.readSize());
        assertEquals(240, grid.stride());
        assertEquals(4 * 3, grid.tiles().size());
        assertTrue(grid.tiles().get(0).needsResize());
    }

    @Test
    void finerThanTheScanUpsamplesLevelZero() {
        // d = 0.8 -> level 0, read 80, stride 80 -> 12 x 10
        TileGrid grid = fake(100, 0.2).build();
        assertEquals(0, grid.level());
        assertEquals(80, grid.readSize());
        assertEquals(12, grid.columns());
        assertEquals(10, grid.rows());
    }

    @Test
    void tissueFractionFiltersTiles() {
        // mask 10 x 8 over 1000 x 800 (100 level-0 px per cell), tissue where x < 500
        boolean[] flags = new boolean[80];
        for (int i = 0; i < 80; i++) {
            flags[i] = i % 10 < 5;
        }
        TissueMask mask = TissueMask.of(flags, 10, 8, 1000, 800);
        TileGrid grid = fake(100, 0.5).optTissueMask(mask).optMinTissue(0.5).build();
        // columns 0, 1 are all tissue, column 2 (x 400..600) half, columns 3, 4 none
        assertEquals(12, grid.tiles().size());
        for (Tile tile : grid.tiles()) {
            assertEquals(tile.column() == 2 ? 0.5 : 1.0, tile.tissueFraction(), 1e-12, tile.toString());
        }
    }

    @Test
    void boxesNonPowerOfTwoLevelsAreUsedWithinTolerance() {
        try (OpenSlide slide = new OpenSlide(Fixtures.path("openslide/boxes.tiff"))) {
            double ds2 = (300 / 75.0 + 250 / 62.0) / 2; // 4.016
            double ds3 = (300 / 37.0 + 250 / 31.0) / 2; // 8.086
            TileGrid.Builder base = TileGrid.builder().setSlide(slide.metadata()).setTileSize(16).optSlideMpp(0.25);
            // d = 4: level 2 within 2 % -> read 16 as is; stride round(16 * 4.016) = 64 -> 4 x 3
            TileGrid four = base.setMpp(1.0).build();
            assertEquals(List.of(2, 16, 64L, 4, 3), List.of(four.level(), four.readSize(), four.stride(),
                    four.columns(), four.rows()));
            assertEquals(ds2, four.levelDownsample(), 1e-9);
            // d = 8: level 3 (8.086 within 2 %) -> read 16; stride round(16 * 8.086) = 129 -> 2 x 1
            TileGrid eight = base.setMpp(2.0).build();
            assertEquals(List.of(3, 16, Math.round(16 * ds3), 2, 1), List.of(eight.level(), eight.readSize(),
                    eight.stride(), eight.columns(), eight.rows()));
            // d = 8 with a 0.5 % tolerance: level 3 is too coarse, read round(16 * 8 / 4.016) = 32 at level 2
            TileGrid strict = base.setMpp(2.0).optTolerance(0.005).build();
            assertEquals(List.of(2, 32, Math.round(32 * ds2)), List.of(strict.level(), strict.readSize(),
                    strict.stride()));
            // d = 3: level 1, read round(16 * 3 / 2) = 24, stride 48 -> 6 x 5
            TileGrid three = base.setMpp(0.75).optTolerance(0.02).build();
            assertEquals(List.of(1, 24, 48L, 6, 5), List.of(three.level(), three.readSize(), three.stride(),
                    three.columns(), three.rows()));
        }
    }

    @Test
    void badSettingsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fake(0, 0.5).build());
        assertTrue(e.getMessage().contains("setTileSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fake(100, 0.5).optMinTissue(1.5).build());
        assertTrue(e.getMessage().contains("optMinTissue"), e.getMessage());
    }
}

package org.histo4j.slide.encode;

import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.histo4j.slide.TissueMask;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.slide.mil.GridBatch;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SlideLayout;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlideEncoderTest {

    @TempDir
    static Path dir;

    static List<SlideEntry> slides;

    @BeforeAll
    static void writeCohort() throws IOException {
        SyntheticCohort.builder().setPainter(seed -> HistologySlidePainter.builder().optBlockSize(256).build(seed))
                .optSlides(2).optSize(1024, 768).optIslands(2).optLesionFraction(0.1).optLesionRadius(60).optSeed(3)
                .build().write(dir.resolve("cohort"));
        slides = SlideCohort.read(dir.resolve("cohort/cohort.csv"));
    }

    @Test
    void cohortManifestIsReadWithLabelsGroupsAndResolvedPaths() {
        assertEquals(List.of("slide-000", "slide-001"), slides.stream().map(SlideEntry::slideId).toList());
        assertEquals(List.of(0, 1), slides.stream().map(SlideEntry::label).toList());
        assertEquals("patient-slide-001", slides.get(1).group());
        assertTrue(Files.isRegularFile(slides.get(1).path()));
    }

    @Test
    void lesionMasksOfTheManifestAreTheLayoutsTrueLesions() {
        Map<String, TissueMask> masks = SlideCohort.lesionMasks(dir.resolve("cohort/cohort.csv"));
        // slide 1 of seed 3: the layout SyntheticCohort drew (seed 3 * 1_000_003 + 1, 2 islands)
        TissueMask truth = SlideLayout.generate(1024, 768, 2, 0.1, 60, 3 * 1_000_003L + 1)
                .lesionMask(SyntheticCohort.MASK_DOWNSAMPLE);

        TissueMask positive = masks.get("slide-001");
        assertEquals(1024 / 16, positive.width());
        assertEquals(16.0, positive.downsampleX());
        int lesionPixels = 0;
        for (int y = 0; y < truth.height(); y++) {
            for (int x = 0; x < truth.width(); x++) {
                assertEquals(truth.isTissue(x, y), positive.isTissue(x, y), "mask pixel " + x + "," + y);
                lesionPixels += positive.isTissue(x, y) ? 1 : 0;
            }
        }
        assertTrue(lesionPixels > 0);
        assertEquals(0.0, masks.get("slide-000").tissueFraction());
    }

    @Test
    void bagsHoldTheGridTilesWithTheEncodersFeaturesAndASecondRunSkipsThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:1"), manager);
            SlideEncoder slideEncoder = SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0)
                    .optThreads(1).build();
            Path bags = dir.resolve("bags");

            List<EncodedSlide> first = slideEncoder.encodeCohort(slides, bags, SlideEncoder.Listener.NONE);
            List<EncodedSlide> second = slideEncoder.encodeCohort(slides, bags, SlideEncoder.Listener.NONE);

            assertTrue(first.stream().noneMatch(EncodedSlide::skipped));
            assertTrue(second.stream().allMatch(EncodedSlide::skipped));
            SlideEntry positive = slides.get(1);
            Bag bag = BagFile.read(bags.resolve("slide-001.h5"));
            try (SlideReader slide = SlideReader.open(positive.path())) {
                TileGrid grid = slideEncoder.grid(slide);
                // 64 px at 1 um/px on a 0.5 um/px slide: 128 level-0 pixels per tile
                assertEquals(128, grid.stride());
                assertEquals(128, BagFile.tileSize(bags.resolve("slide-001.h5")));
                assertEquals(grid.tiles().size(), bag.size());
                GridBatch.Grid nic = GridBatch.withStride(128).grid(bag);
                for (int k = 0; k < bag.size(); k++) {
                    Tile tile = grid.tiles().get(k);
                    assertArrayEquals(new int[] {(int) tile.x(), (int) tile.y()}, bag.coords()[k]);
                    int cell = tile.row() * nic.width() + tile.column();
                    assertEquals(bag.features()[k][0], nic.values()[cell], "grid cell of tile " + k);
                }
                assertFeaturesOfTiles(encoder, slide, grid.tiles(), bag, manager);
            }
            assertEquals(1, BagCohort.read(bags).get(1).label());
            assertEquals(1.0, BagCohort.provenance(bags).micronsPerPixel());
        }
    }

    @Test
    void anotherResolutionMakesTheBagStale() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:1"), manager);
            Path bag = dir.resolve("stale/slide.h5");
            SlideEncoder at1 = SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0).build();
            SlideEncoder at2 = SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(2.0).build();

            at1.encode(slides.get(0), bag, SlideEncoder.Listener.NONE);
            EncodedSlide again = at2.encode(slides.get(0), bag, SlideEncoder.Listener.NONE);

            assertFalse(again.skipped());
            assertEquals(256, BagFile.tileSize(bag));
        }
    }

    @Test
    void badInputsAreOneClearError() {
        Histo4jException missing = assertThrows(Histo4jException.class,
                () -> SlideCohort.read(dir.resolve("nowhere.csv")));
        assertTrue(missing.getMessage().contains("nowhere.csv"));
    }

    /** The bag rows of a few tiles equal the encoder's features of the same tiles read directly. */
    private static void assertFeaturesOfTiles(Encoder encoder, SlideReader slide, List<Tile> tiles, Bag bag,
            NDManager manager) {
        int[] picks = {0, tiles.size() / 2, tiles.size() - 1};
        List<BufferedImage> images = new ArrayList<>();
        try (TileReader reader = new TileReader(slide, 1)) {
            for (int k : picks) {
                images.add(reader.read(tiles.get(k)));
            }
        }
        NDArray features = encoder.features(manager, images);
        float[] flat = features.toFloatArray();
        int width = bag.featureWidth();
        for (int i = 0; i < picks.length; i++) {
            float[] expected = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
            assertArrayEquals(expected, bag.features()[picks[i]], 1e-4f, "tile " + picks[i]);
        }
    }
}

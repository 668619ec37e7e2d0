package org.histo4j.slide.openslide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideReader;
import org.junit.jupiter.api.Test;

/** Reproduces the OpenSlide test suite's facts (shared/fixtures/README.md) on the fixture files. */
class OpenSlideTest {

    private static Path fixture(String name) {
        return Fixtures.path(name);
    }

    @Test
    void libraryIsFoundAndReportsItsVersion() {
        assertTrue(OpenSlide.isAvailable());
        assertTrue(OpenSlide.libraryVersion().matches("\\d+\\.\\d+\\.\\d+.*"), OpenSlide.libraryVersion());
    }

    @Test
    void boxesLevelsAndDownsamples() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/boxes.tiff").toFile())) {
            assertEquals("generic-tiff", slide.vendor());
            assertEquals(4, slide.getLevelCount());
            long[][] sizes = {{300, 250}, {150, 125}, {75, 62}, {37, 31}};
            for (int level = 0; level < 4; level++) {
                assertEquals(sizes[level][0], slide.getLevelWidth(level));
                assertEquals(sizes[level][1], slide.getLevelHeight(level));
                // OpenSlide's downsample: the mean of the width and height ratios to level 0
                double expected = (300.0 / sizes[level][0] + 250.0 / sizes[level][1]) / 2;
                assertEquals(expected, slide.getLevelDownsample(level), 1e-9);
            }
            assertEquals(4.016, slide.getLevelDownsample(2), 0.001);
            assertEquals(8.086, slide.getLevelDownsample(3), 0.001);
            assertFalse(slide.hasMicrons());
        }
    }

    @Test
    void boxesBestLevelForDownsampleMatchesOpenSlideAndTheJavaRule() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/boxes.tiff"))) {
            assertEquals(0, slide.getBestLevelForDownsample(0.5));
            assertEquals(1, slide.getBestLevelForDownsample(3));
            assertEquals(3, slide.getBestLevelForDownsample(37));
            for (double d : new double[] {0.5, 1, 1.9, 2, 3, 4.0, 4.016, 4.02, 8, 8.09, 37}) {
                assertEquals(slide.getBestLevelForDownsample(d), slide.metadata().bestLevelForDownsample(d), "ds " + d);
            }
        }
    }

    @Test
    void boxesRegionReads() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/boxes.tiff"))) {
            BufferedImage region = slide.readRegion(-10, -10, 1, 400, 400);
            assertEquals(400, region.getWidth());
            assertEquals(400, region.getHeight());
            assertEquals(0, region.getRGB(0, 0) >>> 24, "outside the slide is transparent");
            assertEquals(255, region.getRGB(100, 100) >>> 24, "inside the slide is opaque");
            assertThrows(IllegalArgumentException.class, () -> slide.readRegion(0, 0, 0, -1, 10));
            assertThrows(IllegalArgumentException.class, () -> slide.readRegion(0, 0, 0, 10, -1));
            BufferedImage past = slide.readRegion(0, 0, 4, 100, 100);
            assertEquals(100, past.getWidth());
            assertEquals(100, past.getHeight());
            assertEquals(0, past.getRGB(50, 50), "a level past the last reads as transparent");
            slide.metadata(); // the refused negative size did not poison the handle
        }
    }

    @Test
    void boxesLevelZeroEqualsThePng() throws IOException {
        BufferedImage png = ImageIO.read(fixture("openslide/boxes.png").toFile());
        try (OpenSlide slide = new OpenSlide(fixture("openslide/boxes.tiff"))) {
            BufferedImage level0 = slide.readRegion(0, 0, 0, 300, 250);
            assertEquals(png.getWidth(), level0.getWidth());
            assertEquals(png.getHeight(), level0.getHeight());
            int differing = 0;
            for (int y = 0; y < png.getHeight(); y++) {
                for (int x = 0; x < png.getWidth(); x++) {
                    if (png.getRGB(x, y) != level0.getRGB(x, y)) {
                        differing++;
                    }
                }
            }
            assertEquals(0, differing);
        }
    }

    @Test
    void smallSvsVendorAndAssociatedThumbnail() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/small.svs"))) {
            assertEquals("aperio", slide.vendor());
            assertEquals(16, slide.getLevel0Width());
            assertEquals(16, slide.getLevel0Height());
            assertTrue(slide.getAssociatedImages().containsKey("thumbnail"));
            BufferedImage thumb = slide.getAssociatedImages().get("thumbnail").toBufferedImage();
            assertEquals(16, thumb.getWidth());
            assertEquals(16, thumb.getHeight());
            assertThrows(IllegalArgumentException.class, () -> slide.readAssociatedImage("no-such-image"));
        }
    }

    @Test
    void unopenableAndMissingFilesAreRefusedClearly() {
        Histo4jException unsupported = assertThrows(Histo4jException.class,
                () -> new OpenSlide(fixture("openslide/unopenable.tiff")));
        assertTrue(unsupported.getMessage().contains("unopenable.tiff"), unsupported.getMessage());
        Histo4jException missing = assertThrows(Histo4jException.class,
                () -> new OpenSlide(new File("/no/such/slide.svs")));
        assertEquals("slide not found: /no/such/slide.svs", missing.getMessage());
        Histo4jException broken = assertThrows(Histo4jException.class,
                () -> new OpenSlide(fixture("slides/broken.svs")));
        assertTrue(broken.getMessage().contains("broken.svs"), broken.getMessage());
        assertFalse(broken.getMessage().contains("\n"));
    }

    @Test
    void unreadableSvsOpensThenItsErrorSticks() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/unreadable.svs"))) {
            assertEquals("aperio", slide.vendor());
            Histo4jException read = assertThrows(Histo4jException.class, () -> slide.readRegion(0, 0, 0, 16, 16));
            assertTrue(read.getMessage().contains("unreadable.svs"), read.getMessage());
            assertThrows(Histo4jException.class, slide::metadata);
            assertThrows(Histo4jException.class, slide::getLevelCount);
            assertThrows(Histo4jException.class, () -> slide.getBestLevelForDownsample(2));
            assertThrows(Histo4jException.class, () -> slide.readRegion(0, 0, 1, 4, 4));
            assertThrows(Histo4jException.class, () -> slide.readAssociatedImage("thumbnail"));
        }
    }

    @Test
    void unreadableSvsThumbnailFails() {
        try (OpenSlide slide = new OpenSlide(fixture("openslide/unreadable.svs"))) {
            assertThrows(Histo4jException.class, () -> slide.readAssociatedImage("thumbnail"));
            assertThrows(Histo4jException.class, slide::getProperties);
        }
    }

    @Test
    void cmuSmallRegionIsCalibrated() {
        try (SlideReader slide = SlideReader.open(fixture("slides/CMU-1-Small-Region.svs"))) {
            assertEquals("aperio", slide.vendor());
            assertEquals(1, slide.levelCount());
            assertEquals(2220, slide.levelWidth(0));
            assertEquals(2967, slide.levelHeight(0));
            assertTrue(slide.hasMicrons());
            assertEquals(0.499, slide.mppX().orElseThrow(), 1e-6);
            assertEquals(0.499, slide.mppY().orElseThrow(), 1e-6);
            assertEquals(20, slide.objectivePower().orElseThrow(), 0);
            BufferedImage thumb = slide.thumbnail(256);
            assertEquals(Math.round(2220 * 256 / 2967.0), thumb.getWidth());
            assertEquals(256, thumb.getHeight());
        }
    }

    @Test
    void tcgaFrozenSectionHasTwoLevelsAndNoMicrons() {
        try (SlideReader slide = SlideReader.open(fixture("slides/TCGA-CR-7395-01A-01-TS1.svs"))) {
            assertEquals(2, slide.levelCount());
            assertArrayEquals(new long[] {4443, 3567, 2221, 1783},
                    new long[] {slide.levelWidth(0), slide.levelHeight(0), slide.levelWidth(1), slide.levelHeight(1)});
            assertFalse(slide.hasMicrons());
            assertTrue(slide.mppX().isEmpty());
        }
    }

    @Test
    void useAfterCloseIsAnIllegalState() {
        OpenSlide slide = new OpenSlide(fixture("openslide/boxes.tiff"));
        slide.close();
        slide.close();
        assertThrows(IllegalStateException.class, slide::getLevelCount);
        assertThrows(IllegalStateException.class, () -> slide.readRegion(0, 0, 0, 10, 10));
        assertThrows(IllegalStateException.class, () -> slide.paintRegionARGB(new int[100], 0, 0, 0, 10, 10));
        assertThrows(IllegalStateException.class, () -> slide.createThumbnailImage(10));
    }

    @Test
    void concurrentReadsOnOneHandleAgreeWithASequentialRead() throws Exception {
        try (OpenSlide slide = new OpenSlide(fixture("slides/CMU-1-Small-Region.svs"))) {
            int[] expected = new int[64 * 64];
            slide.paintRegionARGB(expected, 1000, 1000, 0, 64, 64);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<int[]>> reads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    reads.add(pool.submit(() -> {
                        int[] pixels = new int[64 * 64];
                        slide.paintRegionARGB(pixels, 1000, 1000, 0, 64, 64);
                        return pixels;
                    }));
                }
                for (Future<int[]> read : reads) {
                    assertArrayEquals(expected, read.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aMissingLibraryIsOneClearMessage() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dhisto4j.openslide.library=/nonexistent/libopenslide.so.9",
                "-cp", System.getProperty("java.class.path"), MissingLibraryProbe.class.getName(),
                fixture("openslide/boxes.tiff").toString()).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, child.waitFor(), lines.toString());
        assertEquals(List.of("available=false", "message=OpenSlide native library not found (tried "
                + "/nonexistent/libopenslide.so.9); install it (Debian/Ubuntu: apt-get install libopenslide0) "
                + "or set -Dhisto4j.openslide.library=PATH"), lines);
    }

    @Test
    void unpremultiplyFollowsOpenSlidePython() {
        int[] pixels = {0x80402010, 0xff123456, 0x00000000, 0x01010101};
        OpenSlide.unpremultiply(pixels);
        // 255 * 0x40 / 0x80 = 127, 255 * 0x20 / 0x80 = 63, 255 * 0x10 / 0x80 = 31
        assertEquals(0x807f3f1f, pixels[0]);
        assertEquals(0xff123456, pixels[1]);
        assertEquals(0, pixels[2]);
        assertEquals(0x01ffffff, pixels[3]);
    }
}

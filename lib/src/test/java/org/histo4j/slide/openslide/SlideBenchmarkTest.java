package org.histo4j.slide.openslide;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.histo4j.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs both loops to completion (rates are printed, not asserted: no timed assertions). */
class SlideBenchmarkTest {

    private static final Path SLIDE = Fixtures.path("slides/CMU-1-Small-Region.svs");

    @Test
    void bothLoopsRunOnARealSlide(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc not installed");
        SlideBenchmark.Result result = SlideBenchmark.compare(SLIDE, 256, 100, 2, dir);
        System.out.println(result);
        assertTrue(result.javaTilesPerSecond() > 0 && Double.isFinite(result.javaTilesPerSecond()));
        assertTrue(result.cTilesPerSecond() > 0 && Double.isFinite(result.cTilesPerSecond()));
    }

    @Test
    void tilesLargerThanTheSlideAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SlideBenchmark.javaTilesPerSecond(SLIDE, 4096, 10, 1));
    }
}

package org.histo4j.cli.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.SparkRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code slide} command on real slides: metadata, tiles, and one clear failure for bad input. */
class SlideCommandTest {

    private static SlideRun run(String... args) {
        return SlideRun.of(args);
    }

    @Test
    void infoAsJson() throws Exception {
        SlideRun run = run("info", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--json");
        assertEquals(0, run.exit());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("aperio", json.get("vendor").asText());
        assertEquals(2220, json.get("levels").get(0).get("width").asLong());
        assertEquals(0.499, json.get("mppX").asDouble(), 1e-9);
        assertEquals(20, json.get("objectivePower").asDouble(), 0);
        assertEquals("0.499", json.get("properties").get("openslide.mpp-x").asText().substring(0, 5));
    }

    @Test
    void infoAsTextSaysWhenMicronsAreUnknown() {
        SlideRun run = run("info", Fixtures.path("slides/TCGA-CR-7395-01A-01-TS1.svs").toString());
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("levels: 2"), run.out());
        assertTrue(run.out().contains("microns per pixel: unknown"), run.out());
    }

    @Test
    void tilesAreWrittenWithTheirTable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiles");
        SlideRun run = run("tile", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--tile-size", "128",
                "--mpp", "4", "--min-tissue", "0.5", "--threads", "2", "--out", out.toString());
        assertEquals(0, run.exit(), String.valueOf(run.error()));
        List<String> rows = Files.readAllLines(out.resolve("tiles.csv"));
        // d = 4 / 0.499 = 8.016 on a one-level slide: read round(128 * 8.016) = 1026 px, stride 1026 -> 2 x 2
        assertTrue(rows.size() > 1 && rows.size() <= 5, rows.toString());
        String[] first = rows.get(1).split(",");
        assertEquals("1026", first[6]);
        assertEquals("128", first[7]);
        BufferedImage tile = ImageIO.read(out.resolve(first[0]).toFile());
        assertEquals(128, tile.getWidth());
        assertTrue(Files.exists(out.resolve("tissue.png")));
        SlideRun again = run("tile", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--mpp", "4",
                "--out", out.toString());
        assertInstanceOf(Histo4jException.class, again.error());
    }

    @Test
    void slideWithoutMicronsNeedsSlideMpp(@TempDir Path dir) {
        SlideRun run = run("tile", Fixtures.path("slides/TCGA-CR-7395-01A-01-TS1.svs").toString(), "--mpp", "8",
                "--out", dir.resolve("t").toString());
        assertEquals(1, run.exit());
        assertInstanceOf(Histo4jException.class, run.error());
        assertTrue(run.error().getMessage().contains("--slide-mpp"), run.error().getMessage());
    }

    @Test
    void badInputIsOneClearLine(@TempDir Path dir) {
        SlideRun missing = run("info", dir.resolve("nothing.svs").toString());
        assertEquals(1, missing.exit());
        assertEquals("slide not found: " + dir.resolve("nothing.svs"), missing.error().getMessage());
        SlideRun broken = run("info", Fixtures.path("slides/broken.svs").toString());
        assertInstanceOf(Histo4jException.class, broken.error());
        SlideRun zero = run("tile", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--mpp", "0.5",
                "--tile-size", "0", "--out", dir.toString());
        assertEquals(2, zero.exit(), String.valueOf(zero.error()));
        assertEquals(2, run().exit());
    }

    @Test
    void sparkWithoutTheRunnerJarIsOneLineAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("bags");
        SlideRun run = run("encode", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--encoder",
                "random:nic:1", "--tile-size", "64", "--out", out.toString(), "--spark", "local[2]");
        assertEquals(1, run.exit());
        assertInstanceOf(Histo4jException.class, run.error());
        assertEquals(SparkRunner.MISSING, run.error().getMessage());
        assertTrue(SparkRunner.MISSING.lines().count() == 1 && SparkRunner.MISSING.contains("environment/setup.sh"));
        assertTrue(Files.notExists(out), "no folder created before the runner is found");
    }
}

package org.histo4j.cli.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slide tile|encode --annotations FILE.geojson}: tiles inside QuPath annotations only, labelled by class. */
class SlideAnnotationCommandTest {

    /** A QuPath-style annotation: the rectangle (0, 0)-(600, 500) minus the hole (100, 100)-(300, 300). */
    private static final String TUMOR = """
            {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon",
              "coordinates": [[[0, 0], [600, 0], [600, 500], [0, 500], [0, 0]],
                              [[100, 100], [300, 100], [300, 300], [100, 300], [100, 100]]]},
              "properties": {"objectType": "annotation", "classification": {"name": "Tumor", "color": [200, 0, 0]}}}]}
            """;

    private static boolean insideTumor(long x, long y, int size) {
        double cx = x + size / 2.0;
        double cy = y + size / 2.0;
        boolean box = cx > 0 && cx < 600 && cy > 0 && cy < 500;
        boolean hole = cx > 100 && cx < 300 && cy > 100 && cy < 300;
        return box && !hole;
    }

    @Test
    void tilesAndBagsKeepExactlyTheTilesWhoseCentresAreInsideTheAnnotation(@TempDir Path dir) throws Exception {
        Path cohort = dir.resolve("cohort");
        Path geojson = dir.resolve("tumor.geojson");
        Files.writeString(geojson, TUMOR);
        SlideRun made = run("cohort", "--slides", "2", "--width", "1024", "--height", "768", "--islands", "2",
                "--out", cohort.toString());
        String slide = cohort.resolve("slides/slide-000.tif").toString();
        SlideRun all = run("tile", slide, "--tile-size", "64", "--mpp", "1.0", "--min-tissue", "0.1", "--out",
                dir.resolve("all").toString());
        SlideRun inside = run("tile", slide, "--tile-size", "64", "--mpp", "1.0", "--min-tissue", "0.1",
                "--annotations", geojson.toString(), "--out", dir.resolve("inside").toString());
        SlideRun encoded = run("encode", slide, "--encoder", "random:nic", "--tile-size", "64", "--mpp", "1.0",
                "--min-tissue", "0.1", "--annotations", geojson.toString(), "--out", dir.resolve("bags").toString());

        assertEquals(List.of(0, 0, 0, 0), List.of(made.exit(), all.exit(), inside.exit(), encoded.exit()),
                String.valueOf(List.of(made, all, inside, encoded)));
        List<Csv.Row> every = Csv.read(dir.resolve("all/tiles.csv")).rows();
        List<String> expected = every.stream().filter(r -> insideTumor(Long.parseLong(r.get("x")),
                Long.parseLong(r.get("y")), 64)).map(r -> r.get("file")).toList();
        Csv kept = Csv.read(dir.resolve("inside/tiles.csv"));
        assertTrue(!expected.isEmpty() && expected.size() < every.size(), expected.size() + " of " + every.size());
        assertEquals(expected, kept.rows().stream().map(r -> r.get("file")).toList());
        assertTrue(kept.rows().stream().allMatch(r -> r.get("label").equals("Tumor")), "labelled by class");
        assertTrue(Files.isRegularFile(dir.resolve("inside").resolve(expected.getFirst())));
        int bagTiles = Csv.read(dir.resolve("bags/bags.csv")).rows().getFirst().integer("tiles");
        assertEquals(expected.size(), bagTiles);
    }

    @Test
    void aBadPolygonIsOneLineNamingItsFeature(@TempDir Path dir) throws Exception {
        Path geojson = dir.resolve("bad.geojson");
        Files.writeString(geojson, """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [9, 0], [9, 9], [0, 0]]]},
                   "properties": {"objectType": "annotation"}},
                  {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [5, 5]]]},
                   "properties": {"objectType": "annotation"}}]}
                """);
        Path cohort = dir.resolve("cohort");
        run("cohort", "--slides", "2", "--width", "512", "--height", "512", "--out", cohort.toString());
        SlideRun bad = run("tile", cohort.resolve("slides/slide-000.tif").toString(), "--tile-size", "64", "--mpp",
                "1.0", "--annotations", geojson.toString(), "--out", dir.resolve("t").toString());
        SlideRun cohortWide = run("encode", cohort.resolve("cohort.csv").toString(), "--encoder", "random:nic",
                "--annotations", geojson.toString(), "--out", dir.resolve("b").toString());

        assertEquals(1, bad.exit());
        assertInstanceOf(Histo4jException.class, bad.error());
        String message = bad.error().getMessage();
        assertTrue(message.contains("feature 1") && !message.contains("\n"), message);
        assertEquals(2, cohortWide.exit(), "--annotations with a cohort manifest is bad usage");
        assertTrue(!Files.exists(dir.resolve("t/tiles.csv")), "nothing written");
    }

    private static SlideRun run(String... args) {
        return SlideRun.of(args);
    }
}

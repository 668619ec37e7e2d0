package org.histo4j.slide.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.slide.Tile;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuPathGeoJsonTest {

    @TempDir
    Path dir;

    @Test
    void tilesWrittenThenReadBackAreTheSameTilesAndValues() {
        float[][] features = new float[5][2];
        int[][] coords = {{0, 0}, {128, 0}, {256, 128}, {1024, 2048}, {384, 640}};
        Bag bag = new Bag("s", "s", 1, features, coords);
        float[] weights = {0.39f, 0.32f, 0.19f, 0.0059f, 0.0941f};
        SlidePrediction prediction = new SlidePrediction("s", "s", 1, new float[] {0.125f, 0.875f}, weights);
        List<TileFeature> tiles = TileFeature.of(bag, prediction, 128, List.of("Normal", "Tumor"),
                new int[] {0x00FF00, 0xC80000});
        Path file = dir.resolve("tiles.geojson");

        QuPathGeoJson.writeTiles(file, tiles);
        List<TileFeature> back = QuPathGeoJson.readTiles(file);

        assertEquals(tiles, back);
        assertEquals(0.39f, back.getFirst().measurements().get("attention").floatValue());
        assertEquals("Tumor", back.get(3).classification());
        assertEquals(0xC80000, back.get(3).colour());
        assertEquals(2048, back.get(3).y());
    }

    @Test
    void annotationRestrictedTilingKeepsExactlyTheTilesWhoseCentresFallInsideThePolygonMinusItsHole() {
        Polygon square = Polygon.of(36, 36, 284, 36, 284, 284, 36, 284).withHole(124, 124, 204, 124, 204, 204, 124,
                204);
        Polygon triangle = Polygon.of(300, 0, 330, 0, 300, 30);
        Path file = dir.resolve("annotations.geojson");
        QuPathGeoJson.writeAnnotations(file, List.of(new Annotation("region", "Tumor", 0xC80000,
                List.of(square)), new Annotation("", "Stroma", 0x0000FF, List.of(triangle, Polygon.of(0, 300, 8, 300,
                8, 308, 0, 308)))));
        List<Annotation> annotations = QuPathGeoJson.readAnnotations(file);
        List<Tile> grid = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 21; c++) {
                grid.add(new Tile(c, r, 16L * c, 16L * r, 0, 16, 16, 16, 1));
            }
        }

        List<Tile> kept = AnnotationTiling.inside(grid, annotations);
        int[] labels = AnnotationTiling.labels(grid, annotations, List.of("Stroma", "Tumor"));

        List<Tile> expected = new ArrayList<>();
        for (Tile t : grid) {
            double cx = t.x() + 8;
            double cy = t.y() + 8;
            // no tile centre (8 + 16 k) lies on an edge, so inside and outside are unambiguous
            boolean inSquare = cx > 36 && cx < 284 && cy > 36 && cy < 284 && !(cx > 124 && cx < 204 && cy > 124
                    && cy < 204);
            // the triangle x > 300, y > 0, x + y < 330 holds only the centre (312, 8); the small square none
            boolean inTriangle = cx > 300 && cy > 0 && cx + cy < 330;
            if (inSquare || inTriangle) {
                expected.add(t);
            }
            int label = labels[grid.indexOf(t)];
            assertEquals(inSquare ? 1 : inTriangle ? 0 : -1, label, "tile " + t.column() + "," + t.row());
        }
        assertEquals(expected, kept);
        assertEquals(16 * 16 - 5 * 5 + 1, kept.size());
        assertEquals("region", annotations.getFirst().name());
        assertEquals(2, annotations.get(1).polygons().size());
        assertEquals(1, annotations.getFirst().polygons().getFirst().holes().size());
    }

    @Test
    void aBadPolygonIsNamedByItsFeatureIndex() throws Exception {
        Path file = dir.resolve("bad.geojson");
        Files.writeString(file, """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,0]]]},
                  "properties": {"objectType": "annotation", "classification": {"name": "Tumor", "colorRGB": -3670016}}},
                 {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[0,0],[10,0],[10,10],[0,0]]],
                   [[[0,0],[10,0],[10,10],[0,5]]]]}, "properties": {"objectType": "annotation"}}
                ]}""");

        Histo4jException e = assertThrows(Histo4jException.class, () -> QuPathGeoJson.readAnnotations(file));

        assertTrue(e.getMessage().contains("feature 1: polygon 1: exterior ring is not closed"), e.getMessage());
    }

    @Test
    void readsQuPathsOlderColourAndMeasurementForms() throws Exception {
        Path file = dir.resolve("old.geojson");
        Files.writeString(file, """
                [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[64,0],[64,64],[0,64],[0,0]]]},
                  "properties": {"objectType": "tile", "classification": {"name": "Tumor", "colorRGB": -3670016},
                  "measurements": [{"name": "attention", "value": 0.25}]}}]""");

        TileFeature tile = QuPathGeoJson.readTiles(file).getFirst();

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("attention", 0.25);
        assertEquals(new TileFeature(0, 0, 64, "Tumor", 0xC80000, expected), tile);
    }
}

package org.histo4j.slide.annotation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;

/**
 * A square tile as a QuPath object: its level-0 position and side, a classification with its colour and named
 * measurements (attention, score). {@link QuPathGeoJson} writes it as a GeoJSON feature of {@code objectType}
 * "tile".
 *
 * @param x left edge in level-0 pixels
 * @param y top edge in level-0 pixels
 * @param size side in level-0 pixels
 * @param classification the class name, empty when unclassified
 * @param colour the class colour as 0xRRGGBB, or -1 when none
 * @param measurements named values, in insertion order
 */
public record TileFeature(long x, long y, long size, String classification, int colour,
        Map<String, Double> measurements) {

    /** Validates the tile and copies the measurements (order kept). */
    public TileFeature {
        Objects.requireNonNull(classification, "classification");
        if (x < 0 || y < 0 || size <= 0) {
            throw new IllegalArgumentException("tile at (" + x + ", " + y + ") of side " + size
                    + ": position must not be negative and side must be positive");
        }
        measurements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
    }

    /**
     * The tiles of a predicted slide: each tile of {@code bag} ({@code tileSize} level-0 pixels) classified as the
     * slide's predicted class (named by {@code classNames}, coloured by {@code colours}), with the measurements
     * {@code attention} (the model's tile weight, when it has them) and {@code score} (the slide's probability of
     * its predicted class).
     */
    public static List<TileFeature> of(Bag bag, SlidePrediction prediction, int tileSize, List<String> classNames,
            int[] colours) {
        int predicted = prediction.predictedClass();
        if (predicted >= classNames.size() || predicted >= colours.length) {
            throw new IllegalArgumentException("class " + predicted + " has no name or colour: names " + classNames);
        }
        float[] weights = prediction.tileWeights();
        List<TileFeature> tiles = new java.util.ArrayList<>();
        for (int k = 0; k < bag.size(); k++) {
            Map<String, Double> values = new LinkedHashMap<>();
            if (weights != null) {
                values.put("attention", (double) weights[k]);
            }
            values.put("score", (double) prediction.probabilities()[predicted]);
            tiles.add(new TileFeature(bag.coords()[k][0], bag.coords()[k][1], tileSize, classNames.get(predicted),
                    colours[predicted], values));
        }
        return tiles;
    }
}

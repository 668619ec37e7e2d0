package org.histo4j.slide.mil;

import java.util.Objects;

/**
 * A slide as a bag of tiles: one feature vector per tile and its position, with the slide's single label.
 * {@code coords[k] = {x, y}} is tile k's top-left corner in level-0 pixels; {@code group} is what splits keep
 * together (the patient, or the slide itself).
 */
public record Bag(String slideId, String group, int label, float[][] features, int[][] coords) {

    /**
     * Validates that every tile has a feature vector of the same width, finite numbers only (a NaN or infinite
     * feature would poison every model trained on the bag), and a coordinate pair.
     */
    public Bag {
        Objects.requireNonNull(slideId, "slideId");
        Objects.requireNonNull(group, "group");
        if (features.length == 0) {
            throw new IllegalArgumentException("bag " + slideId + " has no tiles");
        }
        if (coords.length != features.length) {
            throw new IllegalArgumentException("bag " + slideId + ": " + features.length + " feature rows but "
                    + coords.length + " coordinates");
        }
        int width = features[0].length;
        for (int k = 0; k < features.length; k++) {
            float[] row = features[k];
            if (row.length != width) {
                throw new IllegalArgumentException("bag " + slideId + ": feature rows of widths " + width
                        + " and " + row.length);
            }
            for (float value : row) {
                if (!Float.isFinite(value)) {
                    throw new IllegalArgumentException("bag " + slideId + ": tile " + k + " at "
                            + java.util.Arrays.toString(coords[k]) + " has a non-finite feature (" + value + ")");
                }
            }
        }
    }

    /** Number of tiles. */
    public int size() {
        return features.length;
    }

    /** Width of each tile's feature vector. */
    public int featureWidth() {
        return features[0].length;
    }

    /** The same bag with another label (for label-shuffled controls). */
    public Bag withLabel(int newLabel) {
        return new Bag(slideId, group, newLabel, features, coords);
    }
}

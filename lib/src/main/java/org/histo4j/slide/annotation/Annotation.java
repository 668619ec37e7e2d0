package org.histo4j.slide.annotation;

import java.util.List;
import java.util.Objects;

/**
 * A region drawn on a slide, as QuPath exports it: one or more polygons (a GeoJSON Polygon or MultiPolygon) in
 * level-0 pixels, with a classification (empty when unclassified) and its display colour.
 *
 * @param name the annotation's name, empty if it has none
 * @param classification the class name, e.g. {@code Tumor}; empty when unclassified
 * @param colour the class colour as 0xRRGGBB, or -1 when none was given
 * @param polygons the polygons; a point is in the annotation when it is in any of them
 */
public record Annotation(String name, String classification, int colour, List<Polygon> polygons) {

    /** Validates the fields. */
    public Annotation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classification, "classification");
        polygons = List.copyOf(polygons);
        if (polygons.isEmpty()) {
            throw new IllegalArgumentException("annotation '" + name + "' has no polygon");
        }
    }

    /** An unnamed annotation of one polygon with a class and colour. */
    public static Annotation of(String classification, int colour, Polygon polygon) {
        return new Annotation("", classification, colour, List.of(polygon));
    }

    /** Whether the level-0 point (x, y) lies in one of the polygons (holes excluded). */
    public boolean contains(double x, double y) {
        return polygons.stream().anyMatch(p -> p.contains(x, y));
    }
}

package org.histo4j.slide.annotation;

import java.util.List;
import java.util.Optional;
import org.histo4j.slide.Tile;

/**
 * Tiles restricted to, and labelled by, annotations: a tile belongs to an annotation when its centre
 * ({@code x + level0Size / 2}, {@code y + level0Size / 2}) lies inside one of its polygons and outside their holes.
 */
public final class AnnotationTiling {

    private AnnotationTiling() {}

    /** The tiles whose centres fall inside any of {@code annotations}, in their original order. */
    public static List<Tile> inside(List<Tile> tiles, List<Annotation> annotations) {
        return tiles.stream().filter(t -> annotationAt(t, annotations).isPresent()).toList();
    }

    /** The first annotation (in file order) holding the tile's centre, if any. */
    public static Optional<Annotation> annotationAt(Tile tile, List<Annotation> annotations) {
        double cx = tile.x() + tile.level0Size() / 2.0;
        double cy = tile.y() + tile.level0Size() / 2.0;
        return annotations.stream().filter(a -> a.contains(cx, cy)).findFirst();
    }

    /**
     * The class of the annotation each tile falls in, as an index into {@code classes} (-1 for a tile in no
     * annotation, or in an annotation whose class is not listed), for tile-level tasks built from slide annotations.
     */
    public static int[] labels(List<Tile> tiles, List<Annotation> annotations, List<String> classes) {
        return tiles.stream().mapToInt(t -> annotationAt(t, annotations).map(a -> classes.indexOf(a.classification()))
                .orElse(-1)).toArray();
    }
}

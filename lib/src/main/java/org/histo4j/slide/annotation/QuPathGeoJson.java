package org.histo4j.slide.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.histo4j.Histo4jException;

/**
 * GeoJSON in QuPath's conventions (what "Export objects as GeoJSON" writes and "Import objects" reads): a
 * {@code FeatureCollection} whose features have level-0 pixel coordinates, an {@code id}, and {@code properties}
 * with {@code objectType} ("annotation", "tile", "detection"), an optional {@code classification}
 * ({@code {"name": ..., "color": [r, g, b]}}; older files give {@code colorRGB} as a packed integer), an optional
 * {@code name} and {@code measurements} (an object of name to number; older files give a list of
 * {@code {name, value}}).
 *
 * <p>Reading validates every polygon (at least 4 points per ring, closed, finite, non-zero area) and names the
 * feature index of a bad one; geometries other than Polygon and MultiPolygon are an error that names the feature
 * and its type. Writing gives each feature a UUID derived from its index and the file name, so the same export
 * writes the same bytes.
 */
public final class QuPathGeoJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QuPathGeoJson() {}

    /** The polygon features of a GeoJSON file (annotations, or any object type), with their classes. */
    public static List<Annotation> readAnnotations(Path file) {
        List<Annotation> annotations = new ArrayList<>();
        List<JsonNode> features = features(file);
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            JsonNode properties = feature.path("properties");
            JsonNode classification = properties.path("classification");
            annotations.add(new Annotation(properties.path("name").asText(""), classification.path("name").asText(""),
                    colour(classification), polygons(file, i, feature.path("geometry"))));
        }
        return annotations;
    }

    /** The tiles of a GeoJSON file written by {@link #writeTiles} (or any axis-aligned square features). */
    public static List<TileFeature> readTiles(Path file) {
        List<TileFeature> tiles = new ArrayList<>();
        List<JsonNode> features = features(file);
        for (int i = 0; i < features.size(); i++) {
            JsonNode properties = features.get(i).path("properties");
            List<Polygon> polygons = polygons(file, i, features.get(i).path("geometry"));
            List<double[]> ring = polygons.getFirst().exterior();
            double minX = ring.stream().mapToDouble(p -> p[0]).min().orElseThrow();
            double minY = ring.stream().mapToDouble(p -> p[1]).min().orElseThrow();
            double maxX = ring.stream().mapToDouble(p -> p[0]).max().orElseThrow();
            JsonNode classification = properties.path("classification");
            tiles.add(new TileFeature(Math.round(minX), Math.round(minY), Math.round(maxX - minX),
                    classification.path("name").asText(""), colour(classification),
                    measurements(properties.path("measurements"))));
        }
        return tiles;
    }

    /** Writes {@code tiles} as QuPath tile objects (a square polygon each) to {@code file}. */
    public static void writeTiles(Path file, List<TileFeature> tiles) {
        List<ObjectNode> features = new ArrayList<>();
        for (TileFeature tile : tiles) {
            long x1 = tile.x() + tile.size();
            long y1 = tile.y() + tile.size();
            ArrayNode ring = MAPPER.createArrayNode();
            long[][] corners = {{tile.x(), tile.y()}, {x1, tile.y()}, {x1, y1}, {tile.x(), y1}, {tile.x(), tile.y()}};
            for (long[] corner : corners) {
                ring.addArray().add(corner[0]).add(corner[1]);
            }
            ObjectNode geometry = MAPPER.createObjectNode().put("type", "Polygon");
            geometry.putArray("coordinates").add(ring);
            ObjectNode properties = properties("tile", tile.classification(), tile.colour());
            ObjectNode measurements = properties.putObject("measurements");
            tile.measurements().forEach(measurements::put);
            features.add(feature(geometry, properties));
        }
        write(file, features);
    }

    /** Writes {@code annotations} as QuPath annotation objects (Polygon or MultiPolygon) to {@code file}. */
    public static void writeAnnotations(Path file, List<Annotation> annotations) {
        List<ObjectNode> features = new ArrayList<>();
        for (Annotation annotation : annotations) {
            ObjectNode geometry = MAPPER.createObjectNode();
            ArrayNode coordinates = MAPPER.createArrayNode();
            for (Polygon polygon : annotation.polygons()) {
                ArrayNode rings = coordinates.addArray();
                rings.add(ring(polygon.exterior()));
                polygon.holes().forEach(hole -> rings.add(ring(hole)));
            }
            boolean single = annotation.polygons().size() == 1;
            geometry.put("type", single ? "Polygon" : "MultiPolygon").set("coordinates",
                    single ? coordinates.get(0) : coordinates);
            ObjectNode properties = properties("annotation", annotation.classification(), annotation.colour());
            if (!annotation.name().isEmpty()) {
                properties.put("name", annotation.name());
            }
            features.add(feature(geometry, properties));
        }
        write(file, features);
    }

    private static ArrayNode ring(List<double[]> points) {
        ArrayNode ring = MAPPER.createArrayNode();
        points.forEach(p -> ring.addArray().add(p[0]).add(p[1]));
        return ring;
    }

    private static ObjectNode properties(String objectType, String classification, int colour) {
        ObjectNode properties = MAPPER.createObjectNode().put("objectType", objectType);
        if (!classification.isEmpty()) {
            ObjectNode c = properties.putObject("classification").put("name", classification);
            if (colour >= 0) {
                c.putArray("color").add((colour >> 16) & 0xFF).add((colour >> 8) & 0xFF).add(colour & 0xFF);
            }
        }
        return properties;
    }

    private static ObjectNode feature(ObjectNode geometry, ObjectNode properties) {
        ObjectNode feature = MAPPER.createObjectNode().put("type", "Feature");
        feature.set("geometry", geometry);
        feature.set("properties", properties);
        return feature;
    }

    private static void write(Path file, List<ObjectNode> features) {
        ObjectNode collection = MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode array = collection.putArray("features");
        String stem = String.valueOf(file.getFileName());
        for (int i = 0; i < features.size(); i++) {
            ObjectNode feature = MAPPER.createObjectNode().put("type", "Feature")
                    .put("id", UUID.nameUUIDFromBytes((stem + "#" + i).getBytes(StandardCharsets.UTF_8)).toString());
            feature.setAll(features.get(i));
            array.add(feature);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = parent.resolve(file.getFileName() + ".partial");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), collection);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Histo4jException("cannot write GeoJSON " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /** The features of a FeatureCollection, a single Feature, or a bare array of features. */
    private static List<JsonNode> features(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new Histo4jException("cannot read GeoJSON " + file + ": " + Histo4jException.reason(e), e);
        }
        JsonNode array = root.isArray() ? root : root.path("features");
        List<JsonNode> features = new ArrayList<>();
        if (root.path("type").asText().equals("Feature")) {
            features.add(root);
        } else if (array.isArray()) {
            array.forEach(features::add);
        } else {
            throw new Histo4jException("GeoJSON " + file + " is neither a FeatureCollection, a Feature nor an array");
        }
        return features;
    }

    private static List<Polygon> polygons(Path file, int index, JsonNode geometry) {
        String type = geometry.path("type").asText("");
        JsonNode coordinates = geometry.path("coordinates");
        List<JsonNode> polygonNodes = new ArrayList<>();
        switch (type) {
            case "Polygon" -> polygonNodes.add(coordinates);
            case "MultiPolygon" -> coordinates.forEach(polygonNodes::add);
            default -> throw new Histo4jException("GeoJSON " + file + " feature " + index + ": geometry '" + type
                    + "' is not a Polygon or MultiPolygon");
        }
        List<Polygon> polygons = new ArrayList<>();
        for (int p = 0; p < polygonNodes.size(); p++) {
            List<List<double[]>> rings = new ArrayList<>();
            polygonNodes.get(p).forEach(ring -> rings.add(points(ring)));
            if (rings.isEmpty()) {
                throw new Histo4jException("GeoJSON " + file + " feature " + index + ": polygon " + p + " has no ring");
            }
            Polygon polygon = new Polygon(rings.getFirst(), rings.subList(1, rings.size()));
            String problem = polygon.problem();
            if (problem != null) {
                throw new Histo4jException("GeoJSON " + file + " feature " + index + ": polygon " + p + ": "
                        + problem);
            }
            polygons.add(polygon);
        }
        if (polygons.isEmpty()) {
            throw new Histo4jException("GeoJSON " + file + " feature " + index + ": " + type + " has no polygon");
        }
        return polygons;
    }

    private static List<double[]> points(JsonNode ring) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode point : ring) {
            boolean numbers = point.size() >= 2 && point.get(0).isNumber() && point.get(1).isNumber();
            points.add(numbers ? new double[] {point.get(0).asDouble(), point.get(1).asDouble()}
                    : new double[] {Double.NaN, Double.NaN});
        }
        return points;
    }

    private static int colour(JsonNode classification) {
        JsonNode rgb = classification.path("color");
        if (rgb.isArray() && rgb.size() == 3) {
            return (rgb.get(0).asInt() & 0xFF) << 16 | (rgb.get(1).asInt() & 0xFF) << 8 | rgb.get(2).asInt() & 0xFF;
        }
        JsonNode packed = classification.path("colorRGB");
        return packed.isNumber() ? packed.asInt() & 0xFFFFFF : -1;
    }

    private static Map<String, Double> measurements(JsonNode node) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                values.put(entry.getKey(), entry.getValue().asDouble(Double.NaN));
            }
        } else if (node.isArray()) {
            node.forEach(m -> values.put(m.path("name").asText(), m.path("value").asDouble(Double.NaN)));
        }
        return values;
    }
}

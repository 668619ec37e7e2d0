package org.histo4j.data.stain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reading and writing the numbers of a saved normaliser. */
final class StainJson {

    /** Sorted keys, so that the identity hash does not depend on field order. */
    static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);

    private StainJson() {}

    /** A JSON array of the values. */
    static ArrayNode array(double[] values) {
        ArrayNode node = MAPPER.createArrayNode();
        for (double v : values) {
            node.add(v);
        }
        return node;
    }

    /** The array field {@code name} of {@code json}, which must hold {@code length} numbers. */
    static double[] numbers(JsonNode json, String name, int length) {
        JsonNode node = json.path(name);
        if (!node.isArray() || node.size() != length) {
            throw new IllegalArgumentException("field '" + name + "' must be an array of " + length + " numbers");
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IllegalArgumentException("field '" + name + "' holds a non-number: " + node.get(i));
            }
            out[i] = node.get(i).doubleValue();
        }
        return out;
    }

    /** The number field {@code name} of {@code json}. */
    static double number(JsonNode json, String name) {
        JsonNode node = json.path(name);
        if (!node.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be a number");
        }
        return node.doubleValue();
    }
}

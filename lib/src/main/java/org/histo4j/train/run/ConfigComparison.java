package org.histo4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds the first key, in document order, where two JSON configurations differ; keys are dotted paths. */
public final class ConfigComparison {

    private ConfigComparison() {}

    /** Describes the first difference as "'key' is X there and Y now", or empty when both are equal. */
    public static Optional<String> firstDifference(JsonNode stored, JsonNode now) {
        Map<String, JsonNode> before = flatten(stored);
        Map<String, JsonNode> after = flatten(now);
        for (Map.Entry<String, JsonNode> entry : after.entrySet()) {
            JsonNode old = before.get(entry.getKey());
            if (!entry.getValue().equals(old)) {
                return Optional.of(describe(entry.getKey(), old, entry.getValue()));
            }
        }
        for (Map.Entry<String, JsonNode> entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                return Optional.of(describe(entry.getKey(), entry.getValue(), null));
            }
        }
        return Optional.empty();
    }

    private static String describe(String key, JsonNode there, JsonNode now) {
        return "'" + key + "' is " + (there == null ? "absent" : there.toString()) + " there and "
                + (now == null ? "absent" : now.toString()) + " now";
    }

    private static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        flatten("", root, leaves);
        return leaves;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> flatten(prefix.isEmpty() ? field.getKey()
                    : prefix + "." + field.getKey(), field.getValue(), leaves));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), leaves);
            }
        } else {
            leaves.put(prefix.isEmpty() ? "(root)" : prefix, node);
        }
    }
}

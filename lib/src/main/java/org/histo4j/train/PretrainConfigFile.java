package org.histo4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.train.config.HeadSpec;

/**
 * Reads the {@code config.json} of a pre-training run into a {@link PretrainConfig}, whichever version wrote it:
 * today's nested form ({@code data}, {@code model}, {@code optimisation}, {@code schedule}, {@code evaluation}) or
 * the flat form of earlier versions (30 keys at the top, the head a string such as {@code "mlp(256)"}, the
 * encoder-frozen steps called {@code warmupSteps}), which {@link #upgrade} turns into the nested one.
 */
public final class PretrainConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The flat keys of an earlier version, by the part they now belong to ({@code seed}, {@code device} stay). */
    private static final Map<String, List<String>> PARTS = Map.of(
            "data", List.of("pool", "dataRoot", "tasks", "imagesPerClass", "imageSize", "sampler", "augment",
                    "validationFraction", "testFraction"),
            "model", List.of("arch", "truncateAfter", "head"),
            "optimisation", List.of("optimizer", "batchSize", "learningRate", "momentum", "weightDecay",
                    "headLrMultiplier", "headGradientScaling", "pcGrad"),
            "schedule", List.of("steps", "schedule", "lrWarmupSteps", "warmupSteps", "bnAdaptBatches"),
            "evaluation", List.of("evalEvery", "validationImagesPerTask", "checkpointEvery"));

    /** Flat keys whose setting has a clearer name now. */
    private static final Map<String, String> RENAMED = Map.of("schedule", "lrSchedule",
            "warmupSteps", "frozenEncoderSteps");

    private PretrainConfigFile() {}

    /** Reads the {@code config.json} of the run in {@code runDir}. */
    public static PretrainConfig read(Path runDir) {
        Path file = runDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("not a pre-training run directory (no config.json): " + runDir);
        }
        try {
            return JSON.treeToValue(upgrade(JSON.readTree(file.toFile())), PretrainConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new Histo4jException("cannot read " + file + " as a pre-training configuration: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The nested form of a configuration tree: a flat tree of an earlier version is rearranged key by key (values
     * unchanged, the head string made a {@link HeadSpec} object); a nested tree is returned as it is. Settings added
     * since ({@code data.stainAugment}) get the value that reproduces the earlier run (0: none).
     */
    public static JsonNode upgrade(JsonNode tree) {
        if (!tree.isObject() || tree.has("model") || !tree.has("arch")) {
            return tree.path("data") instanceof ObjectNode data && !data.has("stainAugment")
                    ? withStainAugment(tree.deepCopy()) : tree;
        }
        ObjectNode nested = JSON.createObjectNode();
        for (String part : List.of("data", "model", "optimisation", "schedule", "evaluation")) {
            nested.putObject(part);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String part = PARTS.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (part == null && !key.equals("seed") && !key.equals("device")) {
                throw new IllegalArgumentException("unknown key '" + key + "' in a flat configuration");
            }
            JsonNode value = key.equals("head") ? JSON.valueToTree(HeadSpec.parse(field.getValue().asText()))
                    : field.getValue();
            ObjectNode parent = part == null ? nested : (ObjectNode) nested.get(part);
            parent.set(RENAMED.getOrDefault(key, key), value);
        }
        return withStainAugment(nested);
    }

    private static JsonNode withStainAugment(JsonNode tree) {
        ObjectNode data = (ObjectNode) tree.get("data");
        if (!data.has("stainAugment")) {
            data.put("stainAugment", 0.0);
        }
        return tree;
    }
}

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

    /** Where each flat key of an earlier version goes: part, then its name there. */
    private static final Map<String, List<String>> FLAT_KEYS = Map.ofEntries(
            Map.entry("pool", List.of("data", "pool")), Map.entry("dataRoot", List.of("data", "dataRoot")),
            Map.entry("tasks", List.of("data", "tasks")),
            Map.entry("imagesPerClass", List.of("data", "imagesPerClass")),
            Map.entry("imageSize", List.of("data", "imageSize")), Map.entry("sampler", List.of("data", "sampler")),
            Map.entry("augment", List.of("data", "augment")),
            Map.entry("validationFraction", List.of("data", "validationFraction")),
            Map.entry("testFraction", List.of("data", "testFraction")),
            Map.entry("arch", List.of("model", "arch")), Map.entry("truncateAfter", List.of("model", "truncateAfter")),
            Map.entry("head", List.of("model", "head")),
            Map.entry("optimizer", List.of("optimisation", "optimizer")),
            Map.entry("batchSize", List.of("optimisation", "batchSize")),
            Map.entry("learningRate", List.of("optimisation", "learningRate")),
            Map.entry("momentum", List.of("optimisation", "momentum")),
            Map.entry("weightDecay", List.of("optimisation", "weightDecay")),
            Map.entry("headLrMultiplier", List.of("optimisation", "headLrMultiplier")),
            Map.entry("headGradientScaling", List.of("optimisation", "headGradientScaling")),
            Map.entry("pcGrad", List.of("optimisation", "pcGrad")),
            Map.entry("steps", List.of("schedule", "steps")), Map.entry("schedule", List.of("schedule", "lrSchedule")),
            Map.entry("lrWarmupSteps", List.of("schedule", "lrWarmupSteps")),
            Map.entry("warmupSteps", List.of("schedule", "frozenEncoderSteps")),
            Map.entry("bnAdaptBatches", List.of("schedule", "bnAdaptBatches")),
            Map.entry("evalEvery", List.of("evaluation", "evalEvery")),
            Map.entry("validationImagesPerTask", List.of("evaluation", "validationImagesPerTask")),
            Map.entry("checkpointEvery", List.of("evaluation", "checkpointEvery")),
            Map.entry("seed", List.of("seed")), Map.entry("device", List.of("device")));

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
     * unchanged, the head string made a {@link HeadSpec} object); a nested tree is returned as it is.
     */
    public static JsonNode upgrade(JsonNode tree) {
        if (!tree.isObject() || tree.has("model") || !tree.has("arch")) {
            return tree;
        }
        ObjectNode nested = JSON.createObjectNode();
        for (String part : List.of("data", "model", "optimisation", "schedule", "evaluation")) {
            nested.putObject(part);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> target = FLAT_KEYS.get(field.getKey());
            if (target == null) {
                throw new IllegalArgumentException("unknown key '" + field.getKey() + "' in a flat configuration");
            }
            JsonNode value = field.getKey().equals("head")
                    ? JSON.valueToTree(HeadSpec.parse(field.getValue().asText())) : field.getValue();
            ObjectNode parent = target.size() == 1 ? nested : (ObjectNode) nested.get(target.getFirst());
            parent.set(target.getLast(), value);
        }
        return nested;
    }
}

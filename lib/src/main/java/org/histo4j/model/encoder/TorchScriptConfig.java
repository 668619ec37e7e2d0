package org.histo4j.model.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.histo4j.data.image.Normalization;

/**
 * What a TorchScript encoder expects and exposes, read from a small JSON file beside it (same name, {@code .json}
 * for {@code .pt}), e.g. for a ViT foundation model:
 * <pre>
 * {"input_size": 224, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "normalization": "imagenet",
 *  "blocks": 12, "tokens_method": "forward_tokens"}
 * </pre>
 * {@code input_size} is required; {@code mean} and {@code std} default to ImageNet's ({@code normalization} names
 * them, default "custom" when given). {@code blocks} says the module exposes its transformer blocks through
 * {@code tokens_method} (default {@code forward_tokens}): a method {@code (images N x 3 x S x S, depth int64 [1])}
 * returning the token sequence N x T x D (class token first) after {@code depth} blocks; without it the module is
 * used whole and only its {@code forward} (N x D) is called.
 *
 * @param inputSize the side of the square input in pixels
 * @param normalization the normalisation of RGB images in [0, 1]
 * @param blocks the number of transformer blocks the module exposes, 0 when it exposes none
 * @param tokensMethod the module method returning tokens after a number of blocks
 */
public record TorchScriptConfig(int inputSize, Normalization normalization, int blocks, String tokensMethod) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Validates the fields. */
    public TorchScriptConfig {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input_size must be positive, got " + inputSize);
        }
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks must not be negative, got " + blocks);
        }
    }

    /** The JSON file beside {@code torchScript}: its name with {@code .json} in place of the extension. */
    public static Path sidecar(Path torchScript) {
        String file = torchScript.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return torchScript.resolveSibling((dot > 0 ? file.substring(0, dot) : file) + ".json");
    }

    /** The configuration beside {@code torchScript}, if that JSON file exists. */
    public static Optional<TorchScriptConfig> besides(Path torchScript) {
        Path json = sidecar(torchScript);
        return Files.isRegularFile(json) ? Optional.of(read(json)) : Optional.empty();
    }

    /** Reads a configuration file; a missing or bad field is one clear error naming the file and the field. */
    public static TorchScriptConfig read(Path json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new Histo4jException("cannot read TorchScript configuration " + json + ": " + Histo4jException.reason(e), e);
        }
        try {
            if (!root.path("input_size").canConvertToInt()) {
                throw new IllegalArgumentException("input_size (an integer) is required");
            }
            Normalization normalization = Normalization.IMAGENET;
            if (root.has("mean") || root.has("std")) {
                normalization = new Normalization(root.path("normalization").asText("custom"), numbers(root, "mean"),
                        numbers(root, "std"));
            }
            return new TorchScriptConfig(root.path("input_size").asInt(), normalization, root.path("blocks").asInt(0),
                    root.path("tokens_method").asText("forward_tokens"));
        } catch (IllegalArgumentException e) {
            throw new Histo4jException("TorchScript configuration " + json + ": " + Histo4jException.reason(e), e);
        }
    }

    private static float[] numbers(JsonNode root, String field) {
        JsonNode array = root.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of 3 numbers");
        }
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble(Double.NaN);
        }
        return values;
    }
}

package org.histo4j.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.encoder.NicEncoder;

/**
 * Loads the Keras 2 HDF5 model of the Neural Image Compression encoder (e.g. {@code
 * nic-encoder-multitask-4.h5}) into a {@link NicEncoder}, read with jhdf. The layers are taken in the order of
 * the file's {@code model_config}: the k-th {@code Conv2D} becomes {@code convk}, the k-th
 * {@code BatchNormalization} {@code bnk}, the {@code Dense} layer {@code encoded}. Conversions:
 * <ul>
 *   <li>Keras convolution kernels are (kh, kw, in, out); DJL's are (out, in, kh, kw): transposed (3, 2, 0, 1);</li>
 *   <li>batch norm gamma, beta, moving_mean, moving_variance become weight, bias, running_mean, running_var;
 *       the configured epsilon must equal the encoder's ({@value NicEncoder#EPSILON}, Keras's default);</li>
 *   <li>Keras flattens channels last (index {@code (h * W + w) * C + c}), DJL channels first
 *       ({@code (c * H + h) * W + w}): the dense kernel (H*W*C, out) is reshaped to (H, W, C, out), transposed
 *       to (out, C, H, W) and flattened to DJL's (out, C*H*W).</li>
 * </ul>
 */
public final class KerasNicWeights {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasNicWeights() {}

    /** Loads the Keras file into an initialised NIC encoder; refuses files of another layout naming the mismatch. */
    public static void load(Encoder encoder, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("Keras weights file not found: " + file);
        }
        String source = "Keras weights " + file + " for " + encoder.name();
        try (HdfFile hdf = new HdfFile(file); NDManager manager = NDManager.newBaseManager()) {
            JsonNode layers = modelLayers(hdf, source);
            Map<String, NDArray> values = new LinkedHashMap<>();
            int conv = 0;
            int norm = 0;
            for (JsonNode layer : layers) {
                String kind = layer.path("class_name").asText();
                String name = layer.path("config").path("name").asText();
                switch (kind) {
                    case "Conv2D" -> convolution(hdf, name, "conv" + (++conv), manager, values, source);
                    case "BatchNormalization" -> batchNorm(hdf, layer, "bn" + (++norm), manager, values, source);
                    case "Dense" -> dense(hdf, name, manager, values, source);
                    default -> { }
                }
            }
            Weights.assign(encoder.namedParameters(), values, source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Histo4jException h) {
                throw h;
            }
            throw new Histo4jException("cannot read " + source + ": " + Histo4jException.reason(e), e);
        }
    }

    private static JsonNode modelLayers(HdfFile hdf, String source) throws IOException {
        Attribute config = hdf.getAttribute("model_config");
        if (config == null) {
            throw new Histo4jException(source + " has no model_config attribute (not a Keras model file)");
        }
        JsonNode layers = JSON.readTree(config.getData().toString()).path("config").path("layers");
        if (!layers.isArray()) {
            throw new Histo4jException(source + ": model_config has no layer list");
        }
        return layers;
    }

    private static void convolution(HdfFile hdf, String layer, String target, NDManager manager,
            Map<String, NDArray> values, String source) {
        Map<String, NDArray> weights = layerWeights(hdf, layer, manager, source);
        values.put(target + ".weight", require(weights, "kernel", layer, source).transpose(3, 2, 0, 1));
        values.put(target + ".bias", require(weights, "bias", layer, source));
    }

    private static void batchNorm(HdfFile hdf, JsonNode layer, String target, NDManager manager,
            Map<String, NDArray> values, String source) {
        String name = layer.path("config").path("name").asText();
        double epsilon = layer.path("config").path("epsilon").asDouble(1e-3);
        if (Math.abs(epsilon - NicEncoder.EPSILON) > 1e-9) {
            throw new Histo4jException(source + " does not fit: layer " + name + " has batch-norm epsilon "
                    + epsilon + " but the encoder uses " + NicEncoder.EPSILON);
        }
        Map<String, NDArray> weights = layerWeights(hdf, name, manager, source);
        values.put(target + ".weight", require(weights, "gamma", name, source));
        values.put(target + ".bias", require(weights, "beta", name, source));
        values.put(target + ".running_mean", require(weights, "moving_mean", name, source));
        values.put(target + ".running_var", require(weights, "moving_variance", name, source));
    }

    private static void dense(HdfFile hdf, String layer, NDManager manager, Map<String, NDArray> values,
            String source) {
        Map<String, NDArray> weights = layerWeights(hdf, layer, manager, source);
        NDArray kernel = require(weights, "kernel", layer, source);
        long inputs = kernel.getShape().get(0);
        long outputs = kernel.getShape().get(1);
        long channels = 128;
        long side = Math.round(Math.sqrt(inputs / (double) channels));
        if (side * side * channels != inputs) {
            throw new Histo4jException(source + " does not fit: dense layer " + layer + " has " + inputs
                    + " inputs, not a square grid of 128 channels");
        }
        NDArray channelsFirst = kernel.reshape(side, side, channels, outputs).transpose(3, 2, 0, 1)
                .reshape(outputs, inputs);
        values.put("encoded.weight", channelsFirst);
        values.put("encoded.bias", require(weights, "bias", layer, source));
    }

    /** The arrays of a Keras layer by short name ({@code kernel}, {@code gamma}, ...), from its weight_names. */
    private static Map<String, NDArray> layerWeights(HdfFile hdf, String layer, NDManager manager, String source) {
        Node group = hdf.getByPath("/model_weights/" + layer);
        Attribute names = group.getAttribute("weight_names");
        if (names == null) {
            throw new Histo4jException(source + ": layer " + layer + " has no weight_names");
        }
        Map<String, NDArray> weights = new LinkedHashMap<>();
        for (String weightName : strings(names.getData())) {
            Dataset dataset = (Dataset) hdf.getByPath("/model_weights/" + layer + "/" + weightName);
            String shortName = weightName.substring(weightName.lastIndexOf('/') + 1).replace(":0", "");
            long[] dims = java.util.Arrays.stream(dataset.getDimensions()).asLongStream().toArray();
            weights.put(shortName, manager.create(floats(dataset, source), new Shape(dims)));
        }
        return weights;
    }

    private static float[] floats(Dataset dataset, String source) {
        Object flat = dataset.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new Histo4jException(source + ": dataset " + dataset.getPath() + " is not floating point");
    }

    private static List<String> strings(Object data) {
        List<String> result = new ArrayList<>();
        if (data instanceof Object[] array) {
            for (Object item : array) {
                result.add(item.toString());
            }
        } else {
            result.add(data.toString());
        }
        return result;
    }

    private static NDArray require(Map<String, NDArray> weights, String name, String layer, String source) {
        NDArray array = weights.get(name);
        if (array == null) {
            throw new Histo4jException(source + " does not fit: layer " + layer + " has no " + name + " weights");
        }
        return array;
    }
}

package org.histo4j.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.histo4j.Histo4jException;

/**
 * Copies named arrays into named parameters after checking that every parameter has a value of its shape, so a
 * weights file that does not fit the architecture is refused before anything changes.
 */
public final class Weights {

    private Weights() {}

    /**
     * Checks, then copies {@code values} into {@code target} by name (values without a target are not looked at).
     *
     * @param target the network's parameters by name, initialised
     * @param values the arrays by the same names
     * @param source what the values come from, for messages (e.g. the file)
     * @throws Histo4jException naming the first parameter missing from {@code values} or whose shapes differ
     * @throws IllegalStateException if a target parameter is not initialised yet
     */
    public static void assign(Map<String, Parameter> target, Map<String, NDArray> values, String source) {
        check(target, values, source);
        for (Map.Entry<String, Parameter> entry : target.entrySet()) {
            NDArray destination = entry.getValue().getArray();
            NDArray value = values.get(entry.getKey());
            value.toDevice(destination.getDevice(), false).toType(destination.getDataType(), false).copyTo(destination);
        }
    }

    /** Throws the first mismatch between {@code target} and {@code values} as a Histo4jException. */
    public static void check(Map<String, Parameter> target, Map<String, NDArray> values, String source) {
        for (Map.Entry<String, Parameter> entry : target.entrySet()) {
            String name = entry.getKey();
            Shape expected = shapeOf(name, entry.getValue());
            NDArray value = values.get(name);
            if (value == null) {
                throw new Histo4jException(source + " does not fit: no parameter " + name + " (network shape "
                        + expected + ")");
            }
            if (!value.getShape().equals(expected)) {
                throw new Histo4jException(source + " does not fit: parameter " + name + " has shape "
                        + value.getShape() + " in the file but " + expected + " in the network");
            }
        }
    }

    private static Shape shapeOf(String name, Parameter parameter) {
        if (!parameter.isInitialized()) {
            throw new IllegalStateException("parameter " + name
                    + " is not initialised; call encoder.initialize(manager) before loading weights");
        }
        return parameter.getArray().getShape();
    }

    /**
     * A SHA-256 fingerprint (hex) of named parameters: over each name, shape and the float32 little-endian
     * bytes of its values, in map order. Equal weights give equal digests on any device.
     */
    public static String digest(Map<String, Parameter> parameters) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
                Shape shape = shapeOf(entry.getKey(), entry.getValue());
                NDArray array = entry.getValue().getArray();
                sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(shape.toString().getBytes(StandardCharsets.UTF_8));
                sha.update(array.toType(DataType.FLOAT32, false).toByteArray());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

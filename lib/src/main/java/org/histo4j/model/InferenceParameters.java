package org.histo4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parameters an encoder's inference forward reads, one copy per device and in a {@link Precision}: a block asks
 * for a parameter on the device of its input, and gets the parameter itself when that is where it lives in float32,
 * otherwise a copy made once (moved to the device, floating-point values cast to the precision) and kept until
 * {@link #close()}. So batches sent round-robin to several devices each find the weights there, and the encoder's
 * own parameters are never changed.
 *
 * <pre>{@code
 * try (InferenceParameters weights = new InferenceParameters(manager, Precision.BF16)) {
 *     NDArray features = encoder.encode(images.toType(Precision.BF16.dataType(), false), weights);
 * }
 * }</pre>
 */
public final class InferenceParameters extends ParameterStore implements AutoCloseable {

    private final NDManager copies;
    private final Precision precision;
    private final Map<String, NDArray> byDevice = new ConcurrentHashMap<>();

    /** Copies live in a sub-manager of {@code manager}, freed by {@link #close()}. */
    public InferenceParameters(NDManager manager, Precision precision) {
        super(manager, false);
        this.copies = manager.newSubManager();
        this.precision = precision;
    }

    /** The precision inputs should be cast to. */
    public Precision precision() {
        return precision;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray array = parameter.getArray();
        boolean cast = precision != Precision.FP32 && array.getDataType() == DataType.FLOAT32;
        if (!cast && array.getDevice().equals(device)) {
            return array;
        }
        return byDevice.computeIfAbsent(parameter.getId() + "@" + device, key -> {
            NDArray moved = array.toDevice(device, true);
            NDArray copy = cast ? moved.toType(precision.dataType(), true) : moved;
            if (copy != moved) {
                moved.close();
            }
            copy.attach(copies);
            return copy;
        });
    }

    /** Frees the copies (not the encoder's parameters). */
    @Override
    public void close() {
        byDevice.clear();
        copies.close();
    }
}

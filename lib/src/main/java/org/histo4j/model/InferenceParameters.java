package org.histo4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
 * <p>On the CPU, convolution kernels (every 4-D floating-point parameter) are kept in the channels-last layout
 * (NHWC order in memory, the same NCHW shape): libtorch then runs every convolution of the forward pass through
 * oneDNN in its preferred layout, without re-laying out the weights and activations at each call. The values are
 * the same; the inference forward is about 1.3x faster for ResNet-18 and NIC at 64 px ({@code histo4j bench
 * infer}). Training does not use this: there the backward pass in channels-last was measured slower than in NCHW.
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
        boolean relayout = Device.Type.CPU.equals(device.getDeviceType()) && isKernel(array);
        if (!cast && !relayout && array.getDevice().equals(device)) {
            return array;
        }
        return byDevice.computeIfAbsent(parameter.getId() + "@" + device, key -> {
            try (NDManager scratch = copies.newSubManager(device)) {
                NDArray copy = array.toDevice(device, true);
                copy.attach(scratch);
                if (cast) {
                    copy = copy.toType(precision.dataType(), true);
                }
                if (relayout) {
                    copy = channelsLast(copy);
                }
                copy.attach(copies);
                return copy;
            }
        });
    }

    /**
     * The same values as {@code array} (N x C x H x W) with channels-last strides: the NHWC view made contiguous,
     * then viewed back as N x C x H x W. (A copy of the transposed view would keep NCHW strides: reshaping to two
     * dimensions is what forces the NHWC order in memory.)
     */
    static NDArray channelsLast(NDArray array) {
        Shape shape = array.getShape();
        long n = shape.get(0);
        return array.transpose(0, 2, 3, 1).reshape(n, -1).reshape(n, shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }

    private static boolean isKernel(NDArray array) {
        return array.getShape().dimension() == 4 && array.getDataType().isFloating();
    }

    /** Frees the copies (not the encoder's parameters). */
    @Override
    public void close() {
        byDevice.clear();
        copies.close();
    }
}

package org.histo4j.model.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution whose training passes run, where it pays, as im2col and one matrix product instead of
 * libtorch's convolution; the same parameters, the same values (within float rounding), the same checkpoints.
 *
 * <p>Why: on the CPU libtorch hands convolutions to oneDNN, whose direct AVX2 kernels are slow when the output is a
 * few pixels across and the channels many, as in ResNet's last stage (512 channels at 2 x 2 pixels for 64 px
 * images). There its weight gradient even falls back to a generic GEMM loop:
 * measured with {@code ONEDNN_VERBOSE=1}, one 512 -> 512 3 x 3 convolution at 2 x 2 took 48 ms for its weight
 * gradient (1 thread, batch 32) against 12 ms for the same arithmetic at 16 x 16. Written as im2col (the nine
 * shifted views of the padded input, stacked) times the kernel matrix, forward and both backward products are
 * single large matrix multiplications; the whole forward and backward of that convolution ran 1.5-1.8x faster
 * (see {@code histo4j bench train} for the end-to-end step). Larger outputs stay with oneDNN, which wins there
 * (see {@link #MAX_OUTPUT_AREA}), and so does inference, which runs in channels-last (see
 * {@link org.histo4j.model.InferenceParameters}) where oneDNN's kernels are fast.
 *
 * <p>The system property {@value #PROPERTY}{@code =false} sends every convolution to libtorch (to compare).
 */
public final class GemmConv2d extends Conv2d {

    /** The fewest filters for which the matrix product is used. */
    public static final int MIN_FILTERS = 512;

    /**
     * The largest output area (pixels) for which the matrix product is used: 2 x 2. Measured on an AVX2 EPYC, ResNet-18
     * training steps with the property on and off in alternation (3 rounds each, {@code bench train --no-pytorch}):
     * 117 against 111 img/s at 64 px (2 x 2), level at 96 px (3 x 3: 61 against 62), and 3-5% slower at 224 px
     * (7 x 7: 11.2-12.0 against 11.9-12.4), so only the smallest outputs take it.
     */
    public static final long MAX_OUTPUT_AREA = 4;

    /** The system property that turns the matrix-product path off when {@code false}. */
    public static final String PROPERTY = "histo4j.conv.gemm";

    private GemmConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** A square convolution as {@link TorchLayers#conv} makes it. */
    static Conv2d of(int filters, int kernel, int stride, int padding, boolean bias) {
        Conv2d.Builder builder = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(bias);
        return filters >= MIN_FILTERS && kernel > 1 ? new GemmConv2d(builder) : builder.build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Shape output = getOutputShapes(new Shape[] {input.getShape()})[0];
        if (!training || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) || input.getDevice().isGpu()
                || output.get(2) * output.get(3) > MAX_OUTPUT_AREA
                || groups != 1 || dilation.get(0) != 1 || dilation.get(1) != 1) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        Device device = input.getDevice();
        NDArray kernel = parameterStore.getValue(weight, device, training);
        NDArray result = im2colProduct(input, kernel, output.get(2), output.get(3));
        if (bias != null) {
            result = result.add(parameterStore.getValue(bias, device, training).reshape(1, -1, 1, 1));
        }
        return new NDList(result);
    }

    /**
     * The convolution of {@code input} (N x C x H x W) with {@code kernel} (O x C x k x k) as a matrix product: the
     * k² shifted, strided views of the padded input stacked into (N·OH·OW) x (C·k²) rows, times the kernel as
     * (C·k²) x O, for an output of {@code height} x {@code width}. The column order (channel, then kernel row, then
     * kernel column) is the kernel's own memory order.
     */
    private NDArray im2colProduct(NDArray input, NDArray kernel, long height, long width) {
        Shape shape = input.getShape();
        long n = shape.get(0);
        long channels = shape.get(1);
        int kh = (int) kernelShape.get(0);
        int kw = (int) kernelShape.get(1);
        long sy = stride.get(0);
        long sx = stride.get(1);
        NDArray padded = padding.get(0) == 0 && padding.get(1) == 0 ? input
                : input.pad(new Shape(padding.get(1), padding.get(1), padding.get(0), padding.get(0)), 0);
        NDList views = new NDList(kh * kw);
        for (int dy = 0; dy < kh; dy++) {
            for (int dx = 0; dx < kw; dx++) {
                views.add(padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", dy, dy + sy * (height - 1) + 1, sy,
                        dx, dx + sx * (width - 1) + 1, sx)));
            }
        }
        NDArray columns = NDArrays.stack(views, 4).transpose(0, 2, 3, 1, 4)
                .reshape(n * height * width, channels * kh * kw);
        NDArray product = columns.matMul(kernel.reshape(filters, channels * kh * kw).transpose());
        return product.reshape(n, height, width, filters).transpose(0, 3, 1, 2);
    }
}

package org.histo4j.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * The channels-last memory layout for convolution weights, which makes libtorch's oneDNN convolutions cheaper on
 * the CPU. A 4-D array keeps its shape (O x I x kH x kW, or N x C x H x W) and its values; only the order in memory
 * changes, to O x kH x kW x I. libtorch takes its channels-last convolution path when the input or the weight is
 * channels-last; its output is then channels-last too, and batch norm, ReLU, pooling and additions keep that
 * layout, so a network whose convolution weights are channels-last runs channels-last from its first convolution
 * on (the input is converted once, inside that convolution), forward and backward, without the reorders to and from
 * oneDNN's blocked layout that every convolution of a plain (NCHW) network pays. Gradients follow the layout of
 * their parameter. Numbers are the same up to float rounding (the same convolution, summed in another order).
 *
 * <p>{@link TorchLayers#conv} gives every convolution weight {@link #initializer(Initializer)}, so the built-in
 * encoders are channels-last wherever they are initialised; weights loaded later must be copied into the existing
 * arrays (see {@link org.histo4j.model.weights.Weights#copyInto}), which keeps their layout.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * A channels-last copy of a 4-D array (same shape and values; a new array, not a view, in the manager of
     * {@code array}); other arrays are returned unchanged.
     */
    public static NDArray of(NDArray array) {
        Shape shape = array.getShape();
        if (shape.dimension() != 4) {
            return array;
        }
        // permute to N x H x W x C, copy into that order (a reshape of a permuted array cannot be a view), permute
        // back: an N x C x H x W view with channels-last strides; duplicate() (torch clone) keeps the strides and
        // makes it an array of its own, so it can be a leaf that takes gradients.
        try (NDArray permuted = array.transpose(0, 2, 3, 1);
                NDArray flat = permuted.reshape(shape.get(0), -1);
                NDArray nhwc = flat.reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1));
                NDArray view = nhwc.transpose(0, 3, 1, 2)) {
            NDArray copy = view.duplicate();
            copy.setName(array.getName());
            return copy;
        }
    }

    /** An initializer drawing the values {@code inner} draws, laid out channels-last when they are 4-D. */
    public static Initializer initializer(Initializer inner) {
        if (inner == null) {
            throw new IllegalArgumentException("the wrapped initializer is required");
        }
        return inner instanceof Wrapped ? inner : new Wrapped(inner);
    }

    private record Wrapped(Initializer inner) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            NDArray values = inner.initialize(manager, shape, dataType);
            if (shape.dimension() != 4) {
                return values;
            }
            try (values) {
                return of(values);
            }
        }
    }
}

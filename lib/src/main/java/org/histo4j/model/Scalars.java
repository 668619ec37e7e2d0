package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a constant that is safe to differentiate: use these instead of DJL's
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)}, {@code minimum(Number)} and
 * {@code pow(Number)} in any code that runs under a gradient collector (forward passes, losses).
 *
 * <p>Why: DJL 0.35.1's PyTorch engine turns the number into a 0-d tensor that borrows the memory of a Java direct
 * buffer ({@code torch::from_blob}) and closes it right after the operation. libtorch's autograd keeps that tensor
 * for the backward pass of these five operations (the gradient of x·c is g·c), but not the buffer: once a garbage
 * collection frees it, backward reads whatever the allocator wrote there since. The gradient is then silently
 * scaled by garbage, or NaN. Measured: {@code x.mul(2f)} with a collection and 200 small allocations before
 * backward gave a wrong gradient in 50 of 50 tries; this class's form in 0 of 50 ({@code ScalarsTest}). Sums and
 * differences with a number ({@code add(Number)}, {@code sub(Number)}) are safe: their backward needs no operand.
 *
 * <p>The constant here is made by libtorch ({@code full}), which owns its memory, so autograd's reference keeps it
 * alive however early the Java side lets go.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code array * value}, element-wise. */
    public static NDArray mul(NDArray array, double value) {
        try (NDArray scalar = like(array, value)) {
            return array.mul(scalar);
        }
    }

    /** {@code array / value}, element-wise. */
    public static NDArray div(NDArray array, double value) {
        try (NDArray scalar = like(array, value)) {
            return array.div(scalar);
        }
    }

    /** {@code max(array, value)}, element-wise. */
    public static NDArray maximum(NDArray array, double value) {
        try (NDArray scalar = like(array, value)) {
            return array.maximum(scalar);
        }
    }

    /** A 0-d array of {@code array}'s type and device, in memory libtorch owns. */
    private static NDArray like(NDArray array, double value) {
        return array.getManager().full(new Shape(), (float) value, array.getDataType());
    }
}

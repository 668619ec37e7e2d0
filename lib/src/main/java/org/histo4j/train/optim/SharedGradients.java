package org.histo4j.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Reads and writes the gradients of the shared (encoder) parameters as one flat vector, for {@link PcGrad}.
 * Parameters that take no gradient (batch-norm running statistics) are left out. It works on each parameter's own
 * array, which is the one trained on a single device.
 *
 * <p>PCGrad in a DJL step: gradients accumulate until {@code trainer.step()}, so forward and back-propagate each
 * task's samples in turn, reading the accumulated encoder gradient after each; task i's gradient is the difference
 * of two reads. Then write the combination back and step:
 *
 * <pre>{@code
 * float[] before = SharedGradients.read(groups.encoder());      // zeros after the previous step
 * for (int i = 0; i < tasks; i++) {
 *     try (GradientCollector c = trainer.newGradientCollector()) { c.backward(lossOfTask(i)); }
 *     float[] after = SharedGradients.read(groups.encoder());
 *     perTask[i] = SharedGradients.difference(after, before);
 *     before = after;
 * }
 * SharedGradients.write(groups.encoder(), PcGrad.combine(perTask, PcGrad.Reduction.SUM, random));
 * trainer.step();
 * }</pre>
 */
public final class SharedGradients {

    private SharedGradients() {}

    /** The current gradients of the parameters that take one, concatenated in order. */
    public static float[] read(List<Parameter> parameters) {
        int length = 0;
        for (Parameter parameter : trainable(parameters)) {
            length += Math.toIntExact(parameter.getArray().size());
        }
        float[] flat = new float[length];
        int offset = 0;
        for (Parameter parameter : trainable(parameters)) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                float[] values = gradient.toFloatArray();
                System.arraycopy(values, 0, flat, offset, values.length);
                offset += values.length;
            }
        }
        return flat;
    }

    /** Overwrites the gradients of the parameters that take one with consecutive slices of {@code flat}. */
    public static void write(List<Parameter> parameters, float[] flat) {
        int offset = 0;
        for (Parameter parameter : trainable(parameters)) {
            int size = Math.toIntExact(parameter.getArray().size());
            if (offset + size > flat.length) {
                throw new IllegalArgumentException("flat gradient has " + flat.length + " values, the parameters need"
                        + " more");
            }
            float[] slice = new float[size];
            System.arraycopy(flat, offset, slice, 0, size);
            // Copied in place (index_put_): NDArray.set(float[]) would make the gradient's storage a direct buffer
            // owned by this short-lived handle, freed by the garbage collector while the gradient still uses it.
            try (NDArray gradient = parameter.getArray().getGradient();
                    NDArray values = gradient.getManager().create(slice, gradient.getShape())) {
                gradient.set(new NDIndex(":"), values);
            }
            offset += size;
        }
        if (offset != flat.length) {
            throw new IllegalArgumentException("flat gradient has " + flat.length + " values, the parameters "
                    + offset);
        }
    }

    /** {@code after − before}, element by element: one task's gradient between two reads. */
    public static float[] difference(float[] after, float[] before) {
        if (after.length != before.length) {
            throw new IllegalArgumentException("lengths differ: " + after.length + " and " + before.length);
        }
        float[] out = new float[after.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = after[k] - before[k];
        }
        return out;
    }

    private static List<Parameter> trainable(List<Parameter> parameters) {
        return parameters.stream().filter(Parameter::requiresGradient).toList();
    }
}

package org.histo4j.data.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A batch prepared in Java arrays (by a worker thread), before it becomes NDArrays.
 *
 * @param step    the batch's step
 * @param size    image side in pixels
 * @param images  N x 3 x size x size values, normalised
 * @param labels  each sample's label in its task's label space
 * @param tasks   each sample's task id
 * @param samples which samples were drawn
 */
public record HostBatch(long step, int size, float[] images, long[] labels, long[] tasks, List<SampleRef> samples) {

    /** The number of samples. */
    public int count() {
        return labels.length;
    }

    /** Copies the batch into NDArrays owned by a new sub-manager of {@code manager}. */
    public Batch toNDArrays(NDManager manager) {
        NDManager sub = manager.newSubManager();
        try {
            NDArray x = sub.create(FloatBuffer.wrap(images), new Shape(count(), 3, size, size));
            NDArray y = sub.create(labels);
            NDArray t = sub.create(tasks);
            return new Batch(step, x, y, t, sub);
        } catch (RuntimeException e) {
            sub.close();
            throw e;
        }
    }
}

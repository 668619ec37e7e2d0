package org.histo4j.data.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A multi-task batch as NDArrays, owned by its own sub-manager: close it when the step is done.
 *
 * @param step    the step this batch belongs to (batch k is reproducible from the seed and k)
 * @param images  N x 3 x H x W float32, normalised
 * @param labels  N int64, each label in its own task's label space
 * @param tasks   N int64 task ids
 * @param manager the manager owning the three arrays
 */
public record Batch(long step, NDArray images, NDArray labels, NDArray tasks, NDManager manager)
        implements AutoCloseable {

    /** Frees the arrays. */
    @Override
    public void close() {
        manager.close();
    }
}

package org.histo4j.train;

import ai.djl.ndarray.NDManager;

/**
 * Test helper that counts the NDArrays alive in a manager tree, to prove that a training step leaves nothing
 * behind: run some steps to warm up, count, run many more, count again; the two counts must be equal.
 */
public final class MemoryProbe {

    private MemoryProbe() {}

    /** The arrays alive in {@code manager} and all its sub-managers. */
    public static int liveArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    /** The live arrays after {@code warmUp} steps and again after {@code steps} more: {@code {before, after}}. */
    public static int[] countAround(NDManager manager, int warmUp, int steps, Runnable step) {
        for (int i = 0; i < warmUp; i++) {
            step.run();
        }
        int before = liveArrays(manager);
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return new int[] {before, liveArrays(manager)};
    }
}

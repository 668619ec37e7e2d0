package org.histo4j.data;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The train / validation / test split of every sample of a pool. A task whose source fixes splits (PatchCamelyon)
 * keeps them; the others are split by {@link GroupedSplitter}: grouped (no group in two splits), stratified by
 * class, reproducible from the seed (each task's seed mixes the pool seed and the task name).
 */
public final class PoolSplits {

    private final TaskPool pool;
    private final byte[][] splits;

    private PoolSplits(TaskPool pool, byte[][] splits) {
        this.pool = pool;
        this.splits = splits;
    }

    /** Splits each task with the given validation and test fractions (the rest is train). */
    public static PoolSplits grouped(TaskPool pool, double validation, double test, long seed) {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new IllegalArgumentException("validation " + validation + " and test " + test
                    + " fractions must be >= 0 and add up to less than 1");
        }
        byte[][] splits = new byte[pool.taskCount()][];
        double[] fractions = {1 - validation - test, validation, test};
        for (int t = 0; t < pool.taskCount(); t++) {
            ImageSource source = pool.task(t);
            splits[t] = new byte[source.size()];
            if (source.size() > 0 && source.presetSplit(0).isPresent()) {
                for (int i = 0; i < source.size(); i++) {
                    splits[t][i] = (byte) source.presetSplit(i).orElseThrow().ordinal();
                }
            } else {
                int[] parts = GroupedSplitter.assign(source, GroupedSplitter.range(source.size()), fractions,
                        seed ^ source.name().hashCode() * 0x9E3779B97F4A7C15L);
                for (int i = 0; i < parts.length; i++) {
                    splits[t][i] = (byte) parts[i];
                }
            }
        }
        return new PoolSplits(pool, splits);
    }

    /** The pool split. */
    public TaskPool pool() {
        return pool;
    }

    /** The split of a sample. */
    public Split split(int task, int index) {
        return Split.values()[splits[task][index]];
    }

    /** The indices of a task's samples in a split, ascending. */
    public int[] indices(int task, Split split) {
        byte s = (byte) split.ordinal();
        return IntStream.range(0, splits[task].length).filter(i -> splits[task][i] == s).toArray();
    }

    /** A view of the pool restricted to one split. */
    public PoolView view(Split split) {
        int[][] indices = new int[pool.taskCount()][];
        Arrays.setAll(indices, t -> indices(t, split));
        return new PoolView(pool, indices);
    }
}

package org.histo4j.data;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.IntStream;

/**
 * A selection of a pool's samples, per task (e.g. the train split, or the pool without some tasks). Task ids and
 * labels stay those of the pool, so heads keep their meaning; a task with no selected sample is absent.
 */
public final class PoolView {

    private final TaskPool pool;
    private final int[][] indices;
    private final int[] tasks;

    /** A view selecting, for each task id, the given sample indices (copied). */
    public PoolView(TaskPool pool, int[][] indices) {
        if (indices.length != pool.taskCount()) {
            throw new IllegalArgumentException(indices.length + " index lists for " + pool.taskCount() + " tasks");
        }
        this.pool = pool;
        this.indices = new int[indices.length][];
        Arrays.setAll(this.indices, t -> indices[t].clone());
        this.tasks = IntStream.range(0, indices.length).filter(t -> this.indices[t].length > 0).toArray();
    }

    /** Every sample of the pool. */
    public static PoolView all(TaskPool pool) {
        int[][] indices = new int[pool.taskCount()][];
        Arrays.setAll(indices, t -> GroupedSplitter.range(pool.task(t).size()));
        return new PoolView(pool, indices);
    }

    /** The pool. */
    public TaskPool pool() {
        return pool;
    }

    /** The ids of the tasks present, ascending. */
    public int[] tasks() {
        return tasks.clone();
    }

    /** The number of tasks present. */
    public int taskCount() {
        return tasks.length;
    }

    /** The id of the {@code k}-th present task. */
    public int taskAt(int k) {
        return tasks[k];
    }

    /** The selected samples of a task. */
    public int[] indices(int task) {
        return indices[task].clone();
    }

    /** The number of selected samples of a task. */
    public int size(int task) {
        return indices[task].length;
    }

    /** The {@code k}-th selected sample of a task. */
    public int sample(int task, int k) {
        return indices[task][k];
    }

    /** The number of selected samples over all tasks. */
    public long size() {
        return Arrays.stream(indices).mapToLong(a -> a.length).sum();
    }

    /** The same view without the named tasks (leave-task(s)-out); ids are unchanged. */
    public PoolView withoutTasks(Collection<String> names) {
        int[][] kept = new int[indices.length][];
        for (int t = 0; t < indices.length; t++) {
            kept[t] = indices[t];
        }
        for (String name : names) {
            kept[pool.taskId(name)] = new int[0];
        }
        return new PoolView(pool, kept);
    }

    /**
     * The grouped, stratified k-fold cross-validation of one task's selected samples: fold {@code f} is
     * {@code [train, test]} index arrays, no group on both sides.
     */
    public int[][][] kFold(int task, int k, long seed) {
        int[] selected = indices[task];
        int[] fold = GroupedSplitter.folds(pool.task(task), selected, k, seed);
        int[][][] out = new int[k][][];
        for (int f = 0; f < k; f++) {
            final int current = f;
            out[f] = new int[][] {
                IntStream.range(0, selected.length).filter(i -> fold[i] != current).map(i -> selected[i]).toArray(),
                IntStream.range(0, selected.length).filter(i -> fold[i] == current).map(i -> selected[i]).toArray()
            };
        }
        return out;
    }
}

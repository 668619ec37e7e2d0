package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The output of a {@link MultiTaskNetwork} for one batch, routed per task: for task {@code t},
 * {@code logits.get(t)} holds the logits of the samples of that task only ({@code |B_t|} x classes of t) and
 * {@code rows.get(t)} their positions in the batch (int64, ascending, {@code |B_t|}). A task absent from the
 * batch has zero rows. Select a task's labels with {@code labels.get(rows.get(t))}.
 *
 * @param logits per task, the logits of its samples
 * @param rows per task, the batch positions of its samples
 */
public record MultiTaskOutput(List<NDArray> logits, List<NDArray> rows) {

    /** Validates that both lists have one entry per task. */
    public MultiTaskOutput {
        logits = List.copyOf(logits);
        rows = List.copyOf(rows);
        if (logits.size() != rows.size()) {
            throw new IllegalArgumentException("logits for " + logits.size() + " tasks but rows for " + rows.size());
        }
    }

    /** Reads the network block's output list: the logits of tasks 0..T-1, then their rows. */
    public static MultiTaskOutput of(NDList output) {
        if (output.size() % 2 != 0) {
            throw new IllegalArgumentException("multi-task output must hold 2T arrays, got " + output.size());
        }
        int tasks = output.size() / 2;
        return new MultiTaskOutput(output.subList(0, tasks), output.subList(tasks, 2 * tasks));
    }

    /** The number of tasks. */
    public int numTasks() {
        return logits.size();
    }

    /** Back to the block's output layout (logits of every task, then rows of every task). */
    public NDList toNDList() {
        NDList list = new NDList(logits);
        list.addAll(rows);
        return list;
    }
}

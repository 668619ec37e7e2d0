package org.histo4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.model.MultiTaskOutput;
import org.histo4j.model.Scalars;

/**
 * The multi-task loss of Mormont et al.: the batch mean of each sample's cross-entropy on its own task's head,
 *
 * <pre>
 * L = (1/B) Σ_t Σ_{n ∈ B_t} −log softmax(z_n)[y_n]
 * </pre>
 *
 * where B is the batch size, B<sub>t</sub> the samples of task t and z<sub>n</sub> the logits of sample n on its
 * task's head. As a DJL {@link Loss} it takes {@code NDList(labels)} and the {@link org.histo4j.model.MultiTaskNetwork}
 * output; {@link #terms} also gives each task's summed cross-entropy and number of correct predictions.
 */
public final class MultiTaskLoss extends Loss {

    /** A loss named {@code multi-task-cross-entropy}. */
    public MultiTaskLoss() {
        super("multi-task-cross-entropy");
    }

    /**
     * The loss of one batch and its parts.
     *
     * @param loss L, a scalar
     * @param taskSums per task, Σ<sub>n ∈ B_t</sub> of the cross-entropy (a scalar), {@code null} for a task absent
     *     from the batch
     * @param taskCorrect per task, the number of samples whose arg-max logit is the label (a scalar), or {@code null}
     * @param counts per task, |B<sub>t</sub>|
     */
    public record Terms(NDArray loss, List<NDArray> taskSums, List<NDArray> taskCorrect, int[] counts) {}

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return terms(MultiTaskOutput.of(predictions), labels.singletonOrThrow()).loss();
    }

    /** The loss and its per-task parts for routed logits and the batch's labels (N, each in its task's space). */
    public static Terms terms(MultiTaskOutput output, NDArray labels) {
        long batch = labels.size();
        List<NDArray> sums = new ArrayList<>();
        List<NDArray> correct = new ArrayList<>();
        int[] counts = new int[output.numTasks()];
        NDArray total = null;
        for (int t = 0; t < output.numTasks(); t++) {
            NDArray rows = output.rows().get(t);
            counts[t] = Math.toIntExact(rows.size());
            if (counts[t] == 0) {
                sums.add(null);
                correct.add(null);
                continue;
            }
            NDArray logits = output.logits().get(t);
            NDArray taskLabels = labels.get(rows).toType(DataType.INT64, false);
            NDArray sum = crossEntropySum(logits, taskLabels);
            sums.add(sum);
            correct.add(logits.argMax(1).eq(taskLabels).sum());
            total = total == null ? sum : total.add(sum);
        }
        if (total == null) {
            throw new IllegalArgumentException("a batch with no sample");
        }
        return new Terms(Scalars.div(total, batch), sums, correct, counts);
    }

    /** Σ<sub>n</sub> −log softmax(z<sub>n</sub>)[y<sub>n</sub>] over the rows of {@code logits}. */
    public static NDArray crossEntropySum(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).sum().neg();
    }
}

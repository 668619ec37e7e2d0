package org.histo4j.train.optim;

import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the optimiser does with each parameter's gradient at one step: multiply it by a factor (1 when absent),
 * or skip the parameter entirely (no update, no weight decay, no momentum, optimiser state untouched).
 *
 * <p>The paper's head-gradient scaling: the loss is the batch mean of each sample's loss on its own task's head,
 * L = (1/B) Σ<sub>n</sub> ℓ<sub>n</sub>, so the head of task i receives (1/B) Σ<sub>n ∈ B<sub>i</sub></sub>
 * ∇ℓ<sub>n</sub>. Multiplying it by B / |B<sub>i</sub>| makes it the mean over the head's own samples; a head with
 * |B<sub>i</sub>| = 0 is skipped (with momentum, a zero gradient would still move it).
 *
 * @param factors gradient multiplier per parameter id
 * @param skipped ids of the parameters that get no update at this step
 */
public record GradientPlan(Map<String, Float> factors, Set<String> skipped) {

    /** Every gradient as it is. */
    public static final GradientPlan NONE = new GradientPlan(Map.of(), Set.of());

    /** Copies the collections. */
    public GradientPlan {
        factors = Map.copyOf(factors);
        skipped = Set.copyOf(skipped);
    }

    /**
     * The head-gradient scaling for a batch of {@code batchSize} samples with {@code counts.get(task)} samples of
     * each task (a task missing from the map has none): factor B/|B_i| on head i, heads with |B_i| = 0 skipped.
     */
    public static GradientPlan headScaling(ParameterGroups groups, Map<String, Integer> counts, int batchSize) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total != batchSize || !groups.tasks().containsAll(counts.keySet())) {
            throw new IllegalArgumentException("task counts " + counts + " must be over the tasks " + groups.tasks()
                    + " and sum to the batch size " + batchSize);
        }
        Map<String, Float> factors = new HashMap<>();
        Set<String> skipped = new HashSet<>();
        for (String task : groups.tasks()) {
            int count = counts.getOrDefault(task, 0);
            for (Parameter parameter : groups.head(task)) {
                if (count == 0) {
                    skipped.add(parameter.getId());
                } else {
                    factors.put(parameter.getId(), (float) batchSize / count);
                }
            }
        }
        return new GradientPlan(factors, skipped);
    }

    /** This plan with the encoder skipped too: a frozen encoder, as during the paper's warm-up of the heads. */
    public GradientPlan withEncoderFrozen(ParameterGroups groups) {
        Set<String> more = new HashSet<>(skipped);
        groups.encoder().forEach(parameter -> more.add(parameter.getId()));
        return new GradientPlan(factors, more);
    }

    /** The multiplier of a parameter's gradient (1 when the plan does not name it). */
    public float factor(String parameterId) {
        return factors.getOrDefault(parameterId, 1f);
    }

    /** Whether a parameter gets no update at this step. */
    public boolean skips(String parameterId) {
        return skipped.contains(parameterId);
    }
}

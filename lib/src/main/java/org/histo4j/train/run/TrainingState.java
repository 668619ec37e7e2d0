package org.histo4j.train.run;

import java.util.List;
import java.util.Map;

/**
 * The part of a training run's state that is not in the network's parameters, stored as {@code state.json} in
 * each checkpoint: the step reached, the best mean validation score so far (and its step), counters that do
 * not belong to the optimiser (images seen, epochs of a task...) and the random generators' and samplers'
 * states as longs.
 *
 * @param step the number of optimisation steps done
 * @param bestScore the best mean validation score so far, {@code NaN} before the first validation
 * @param bestStep the step of {@code bestScore}, -1 before the first validation
 * @param counters named counters the loop wants back on resume
 * @param randomStates named generator or sampler states, each a list of longs
 */
public record TrainingState(long step, double bestScore, long bestStep, Map<String, Long> counters,
        Map<String, List<Long>> randomStates) {

    /** Copies the maps so the state cannot change after it was made. */
    public TrainingState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        counters = Map.copyOf(counters);
        randomStates = Map.copyOf(randomStates);
    }

    /** The state at a step with no validation yet. */
    public static TrainingState at(long step, Map<String, Long> counters, Map<String, List<Long>> randomStates) {
        return new TrainingState(step, Double.NaN, -1, counters, randomStates);
    }

    /** This state with its best-score fields taken from {@code previous}. */
    TrainingState withBest(double score, long atStep) {
        return new TrainingState(step, score, atStep, counters, randomStates);
    }
}

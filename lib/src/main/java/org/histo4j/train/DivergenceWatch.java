package org.histo4j.train;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Watches pre-training steps for a loss or parameters that are no longer finite, remembering the last finite loss
 * so that the message can tell a sudden blow-up from a slow drift.
 */
final class DivergenceWatch {

    private final List<String> tasks;
    private double lastFiniteLoss = Double.NaN;

    DivergenceWatch(List<String> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /** Remembers a finite loss of a step whose parameters are not checked (the cheap path of most steps). */
    void noteLoss(double loss) {
        lastFiniteLoss = loss;
    }

    /**
     * The divergence of this step: its loss is not finite (naming the first task whose loss went), or its
     * parameters are not ({@code parametersFinite} is asked only when the loss is finite); empty when the step is
     * sound, whose loss is then remembered.
     */
    Optional<DivergedException> check(long step, TrainingSession.StepResult result, BooleanSupplier parametersFinite) {
        String task = null;
        String what = null;
        if (!Double.isFinite(result.loss())) {
            task = "all";
            what = "the loss is " + DivergedException.nonFinite(result.loss());
            for (int t = 0; t < tasks.size(); t++) {
                if (result.counts()[t] > 0 && !Double.isFinite(result.taskLossSums()[t])) {
                    task = tasks.get(t);
                    break;
                }
            }
        } else if (!parametersFinite.getAsBoolean()) {
            task = "all";
            what = "the parameters are no longer finite";
        }
        if (task == null) {
            lastFiniteLoss = result.loss();
            return Optional.empty();
        }
        return Optional.of(new DivergedException("step " + step, task, what, lastFiniteLoss));
    }
}

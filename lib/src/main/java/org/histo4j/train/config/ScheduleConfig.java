package org.histo4j.train.config;

/**
 * What happens when over a run: its length, the learning-rate schedule, the first steps that train the heads
 * only, and batch-norm adaptation before the first step.
 *
 * @param steps the number of optimisation steps
 * @param lrSchedule how the learning rate changes over the steps
 * @param lrWarmupSteps for the cosine schedule, steps of linear learning-rate warm-up (0 = none)
 * @param frozenEncoderSteps the first steps train the heads only: encoder weights and batch-norm statistics stay
 *     fixed (0 = none)
 * @param bnAdaptBatches batches of the pool on which batch-norm layers are adapted before training (0 = off)
 */
public record ScheduleConfig(long steps, LrSchedule lrSchedule, int lrWarmupSteps, int frozenEncoderSteps,
        int bnAdaptBatches) {

    /** Checks every value, naming the builder method that sets it. */
    public ScheduleConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("setSteps: " + steps + " must be at least 1");
        }
        if (lrSchedule == null) {
            throw new IllegalArgumentException("optLrSchedule: a schedule is required");
        }
        if (lrWarmupSteps < 0 || lrWarmupSteps >= steps || (lrWarmupSteps > 0 && lrSchedule != LrSchedule.COSINE)) {
            throw new IllegalArgumentException("optLrWarmupSteps: " + lrWarmupSteps + " (learning-rate warm-up needs"
                    + " the cosine schedule, not " + lrSchedule + ", and fewer steps than " + steps + ")");
        }
        if (frozenEncoderSteps < 0 || frozenEncoderSteps > steps) {
            throw new IllegalArgumentException("optFrozenEncoderSteps: " + frozenEncoderSteps + " must be in [0, "
                    + steps + "]");
        }
        if (bnAdaptBatches < 0) {
            throw new IllegalArgumentException("optBnAdaptBatches: " + bnAdaptBatches + " must be >= 0");
        }
    }
}

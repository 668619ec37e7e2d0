package org.histo4j.train.config;

/** How the learning rate changes over the steps of a run. */
public enum LrSchedule {
    /** The same rate at every step. */
    CONSTANT,
    /** The rate times 0.1 every {@code steps / 3} steps. */
    STEP,
    /** Cosine decay to zero at the last step, after {@link ScheduleConfig#lrWarmupSteps()} of linear warm-up. */
    COSINE
}

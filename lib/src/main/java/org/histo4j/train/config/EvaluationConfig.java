package org.histo4j.train.config;

/**
 * How often a run measures itself on held-out images and keeps a checkpoint.
 *
 * @param evalEvery validation (and the per-task training metrics) every this many steps and at the last step
 * @param validationImagesPerTask at most this many validation images per task are evaluated (0 = all)
 * @param checkpointEvery the last checkpoint is written every this many steps and at the last step
 */
public record EvaluationConfig(int evalEvery, int validationImagesPerTask, int checkpointEvery) {

    /** Checks every value, naming the builder method that sets it. */
    public EvaluationConfig {
        if (evalEvery < 1) {
            throw new IllegalArgumentException("optEvalEvery: " + evalEvery + " must be at least 1");
        }
        if (validationImagesPerTask < 0) {
            throw new IllegalArgumentException("optValidationImagesPerTask: " + validationImagesPerTask
                    + " must be >= 0");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("optCheckpointEvery: " + checkpointEvery + " must be at least 1");
        }
    }
}

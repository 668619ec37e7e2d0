package org.histo4j.train.config;

/** How the samples of a pre-training batch are drawn (see {@link org.histo4j.data.batch.Sampler}). */
public enum SamplerKind {
    /** The paper's scheme: a task uniformly, then one of its images uniformly. */
    TASK_UNIFORM,
    /** An image uniformly over all training images (large tasks dominate). */
    IMAGE_UNIFORM,
    /** Tasks in turn, then one of its images uniformly. */
    ROUND_ROBIN;

    /** The name on the command line, e.g. {@code task-uniform} (picocli converts it back). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

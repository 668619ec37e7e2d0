package org.histo4j.train.config;

/** How the samples of a pre-training batch are drawn (see {@link org.histo4j.data.batch.Sampler}). */
public enum SamplerKind {
    /** The paper's scheme: a task uniformly, then one of its images uniformly. */
    TASK_UNIFORM,
    /** An image uniformly over all training images (large tasks dominate). */
    IMAGE_UNIFORM,
    /** Tasks in turn, then one of its images uniformly. */
    ROUND_ROBIN
}

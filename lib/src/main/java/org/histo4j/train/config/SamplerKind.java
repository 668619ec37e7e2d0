package org.histo4j.train.config;

import org.histo4j.data.PoolView;
import org.histo4j.data.batch.Sampler;

/** How the samples of a pre-training batch are drawn (see {@link org.histo4j.data.batch.Sampler}). */
public enum SamplerKind {
    /** The paper's scheme: a task uniformly, then one of its images uniformly. */
    TASK_UNIFORM,
    /** An image uniformly over all training images (large tasks dominate). */
    IMAGE_UNIFORM,
    /** Tasks in turn, then one of its images uniformly. */
    ROUND_ROBIN;

    /** This scheme's sampler over the images of {@code view}. */
    public Sampler over(PoolView view) {
        return switch (this) {
            case TASK_UNIFORM -> Sampler.taskUniform(view);
            case IMAGE_UNIFORM -> Sampler.imageUniform(view);
            case ROUND_ROBIN -> Sampler.roundRobin(view);
        };
    }

    /** The name on the command line, e.g. {@code task-uniform} (picocli converts it back). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

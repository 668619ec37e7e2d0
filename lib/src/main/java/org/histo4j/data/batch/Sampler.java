package org.histo4j.data.batch;

import java.util.random.RandomGenerator;
import org.histo4j.data.PoolView;

/**
 * Chooses the samples of a batch. Called once per batch position with a generator seeded from (seed, step,
 * position), so a sampler must be a pure function of its arguments (no hidden state) for batches to be
 * reproducible from their step.
 *
 * <p>To write your own sampler (e.g. tasks weighted by size): hold the {@link PoolView} to draw from, and in
 * {@link #draw} pick a task id among {@code view.tasks()} and one of {@code view.indices(task)} using only
 * {@code rng} and the step/position arguments.
 */
public interface Sampler {

    /** The sample at a position of the batch of a step. */
    SampleRef draw(long step, int position, int batchSize, RandomGenerator rng);

    /** The view drawn from. */
    PoolView view();

    /** The paper's scheme: a task uniformly at random, then an image of it uniformly. */
    static Sampler taskUniform(PoolView view) {
        return new TaskUniformSampler(view);
    }

    /** An image uniformly over all images of the view (large tasks dominate). */
    static Sampler imageUniform(PoolView view) {
        return new ImageUniformSampler(view);
    }

    /** Tasks in turn ({@code task = tasks[(step * batchSize + position) mod T]}), then an image uniformly. */
    static Sampler roundRobin(PoolView view) {
        return new RoundRobinSampler(view);
    }
}

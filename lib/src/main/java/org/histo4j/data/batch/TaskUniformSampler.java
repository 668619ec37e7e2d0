package org.histo4j.data.batch;

import java.util.random.RandomGenerator;
import org.histo4j.data.PoolView;

/** Draws a task uniformly, then an image of it uniformly: each task has probability 1/T per sample. */
record TaskUniformSampler(PoolView view) implements Sampler {

    TaskUniformSampler {
        if (view.taskCount() == 0) {
            throw new IllegalArgumentException("view has no task to sample from");
        }
    }

    @Override
    public SampleRef draw(long step, int position, int batchSize, RandomGenerator rng) {
        int task = view.taskAt(rng.nextInt(view.taskCount()));
        return new SampleRef(task, view.sample(task, rng.nextInt(view.size(task))));
    }
}

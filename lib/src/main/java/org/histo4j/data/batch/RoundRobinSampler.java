package org.histo4j.data.batch;

import java.util.random.RandomGenerator;
import org.histo4j.data.PoolView;

/** Takes tasks in turn over the positions of successive batches, then an image of the task uniformly. */
record RoundRobinSampler(PoolView view) implements Sampler {

    RoundRobinSampler {
        if (view.taskCount() == 0) {
            throw new IllegalArgumentException("view has no task to sample from");
        }
    }

    @Override
    public SampleRef draw(long step, int position, int batchSize, RandomGenerator rng) {
        int task = view.taskAt((int) Math.floorMod(step * batchSize + position, (long) view.taskCount()));
        return new SampleRef(task, view.sample(task, rng.nextInt(view.size(task))));
    }
}

package org.histo4j.data.batch;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.histo4j.data.PoolView;

/** Draws uniformly over every image of the view: a task's probability is its share of the images. */
final class ImageUniformSampler implements Sampler {

    private final PoolView view;
    private final long[] ends;

    ImageUniformSampler(PoolView view) {
        if (view.size() == 0) {
            throw new IllegalArgumentException("view has no image to sample from");
        }
        this.view = view;
        this.ends = new long[view.taskCount()];
        long sum = 0;
        for (int k = 0; k < ends.length; k++) {
            sum += view.size(view.taskAt(k));
            ends[k] = sum;
        }
    }

    @Override
    public PoolView view() {
        return view;
    }

    @Override
    public SampleRef draw(long step, int position, int batchSize, RandomGenerator rng) {
        long global = rng.nextLong(ends[ends.length - 1]);
        int k = Arrays.binarySearch(ends, global + 1);
        k = k >= 0 ? k : -k - 1;
        int task = view.taskAt(k);
        long start = k == 0 ? 0 : ends[k - 1];
        return new SampleRef(task, view.sample(task, (int) (global - start)));
    }
}

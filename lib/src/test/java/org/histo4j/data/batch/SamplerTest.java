package org.histo4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.histo4j.data.FakeSource;
import org.histo4j.data.PoolView;
import org.histo4j.data.TaskPool;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static final TaskPool POOL = TaskPool.of("p", List.of(FakeSource.of("small", 2, 50, 5),
            FakeSource.of("medium", 3, 300, 5), FakeSource.of("large", 4, 1650, 5)));
    static final int DRAWS = 20_000;

    /** Pearson's chi-square statistic of observed counts against expected probabilities. */
    static double chiSquare(long[] observed, double[] probabilities) {
        long n = java.util.Arrays.stream(observed).sum();
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = n * probabilities[i];
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    static long[] taskCounts(Sampler sampler) {
        long[] counts = new long[POOL.taskCount()];
        SplittableRandom rng = new SplittableRandom(123);
        for (int i = 0; i < DRAWS; i++) {
            SampleRef ref = sampler.draw(i / 32, i % 32, 32, rng);
            assertTrue(ref.index() >= 0 && ref.index() < POOL.task(ref.task()).size());
            counts[ref.task()]++;
        }
        return counts;
    }

    @Test
    void taskUniformDrawsEachTaskAsOften() {
        // chi-square with 2 degrees of freedom: P(X > 13.8) = 0.001
        double chi = chiSquare(taskCounts(Sampler.taskUniform(PoolView.all(POOL))), new double[] {1 / 3.0,
            1 / 3.0, 1 / 3.0});
        assertTrue(chi < 13.8, "chi-square " + chi);
    }

    @Test
    void imageUniformFollowsTaskSizes() {
        double chi = chiSquare(taskCounts(Sampler.imageUniform(PoolView.all(POOL))), new double[] {0.025, 0.15,
            0.825});
        assertTrue(chi < 13.8, "chi-square " + chi);
    }

    @Test
    void imageUniformReachesEveryImageOfASmallView() {
        TaskPool tiny = TaskPool.of("t", List.of(FakeSource.of("a", 2, 2, 1), FakeSource.of("b", 2, 3, 1)));
        Sampler sampler = Sampler.imageUniform(PoolView.all(tiny));
        java.util.Set<SampleRef> seen = new java.util.HashSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            seen.add(sampler.draw(0, i, 1, rng));
        }
        assertEquals(5, seen.size());
    }

    @Test
    void roundRobinCyclesOverTasksAcrossBatches() {
        Sampler sampler = Sampler.roundRobin(PoolView.all(POOL).withoutTasks(List.of("medium")));
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals(0, sampler.draw(0, 0, 3, rng).task());
        assertEquals(2, sampler.draw(0, 1, 3, rng).task());
        assertEquals(0, sampler.draw(0, 2, 3, rng).task());
        assertEquals(2, sampler.draw(1, 0, 3, rng).task());
    }

    @Test
    void samplersNeverLeaveTheView() {
        PoolView view = new PoolView(POOL, new int[][] {{3, 4}, {}, {7}});
        for (Sampler sampler : List.of(Sampler.taskUniform(view), Sampler.imageUniform(view),
                Sampler.roundRobin(view))) {
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < 200; i++) {
                SampleRef ref = sampler.draw(i, 0, 1, rng);
                assertTrue(ref.task() == 0 && (ref.index() == 3 || ref.index() == 4)
                        || ref.task() == 2 && ref.index() == 7, ref.toString());
            }
        }
    }
}

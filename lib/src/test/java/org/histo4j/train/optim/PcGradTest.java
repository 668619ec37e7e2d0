package org.histo4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcGradTest {

    @Test
    void conflictingGradientsAreProjectedOntoEachOthersNormalPlane() {
        float[][] g = {{1, 0}, {-1, 1}};
        // g1.g2 = -1 < 0: g1 - (-1/2) g2 = [0.5, 0.5]; g2 - (-1/1) g1 = [0, 1]
        float[][] projected = PcGrad.project(g, new Random(1));
        assertArrayEquals(new float[] {0.5f, 0.5f}, projected[0], 1e-7f);
        assertArrayEquals(new float[] {0f, 1f}, projected[1], 1e-7f);
        assertArrayEquals(new float[] {0.5f, 1.5f}, PcGrad.combine(g, PcGrad.Reduction.SUM, new Random(1)), 1e-7f);
        assertArrayEquals(new float[] {0.25f, 0.75f}, PcGrad.combine(g, PcGrad.Reduction.MEAN, new Random(1)),
                1e-7f);
        assertArrayEquals(new float[] {1, 0}, g[0], 0f); // inputs unchanged
    }

    @Test
    void nonConflictingGradientsAreKept() {
        float[][] g = {{1, 0}, {1, 1}, {0, 2}};
        assertArrayEquals(new float[] {2, 3}, PcGrad.combine(g, PcGrad.Reduction.SUM, new Random(5)), 0f);
    }

    @Test
    void theOrderOfTheOtherTasksMattersAndFollowsTheGenerator() {
        // g1 conflicts with both others; projecting onto g2's normal plane first, or g3's, ends elsewhere.
        float[][] g = {{2, 1}, {-1, 1}, {1, -3}};
        // order (2, 3): g1.g2 = -1 -> g1 + 0.5 [-1, 1] = [1.5, 1.5]; .g3 = -3 -> + 0.3 [1, -3] = [1.8, 0.6]
        // order (3, 2): g1.g3 = -1 -> g1 + 0.1 [1, -3] = [2.1, 0.7]; .g2 = -1.4 -> + 0.7 [-1, 1] = [1.4, 1.4]
        float[] first = PcGrad.project(g, new FixedOrder(false))[0];
        float[] second = PcGrad.project(g, new FixedOrder(true))[0];
        assertArrayEquals(new float[] {1.8f, 0.6f}, first, 1e-6f);
        assertArrayEquals(new float[] {1.4f, 1.4f}, second, 1e-6f);
        assertArrayEquals(PcGrad.project(g, new SplittableRandom(9))[0], PcGrad.project(g, new SplittableRandom(9))[0],
                0f);
    }

    @Test
    void rejectsRaggedInput() {
        assertThrows(IllegalArgumentException.class, () -> PcGrad.project(new float[][] {{1}, {1, 2}}, new Random()));
        assertThrows(IllegalArgumentException.class, () -> PcGrad.project(new float[0][], new Random()));
    }

    /** A generator whose only draw (swap of two others) keeps or swaps them. */
    private record FixedOrder(boolean swap) implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int nextInt(int bound) {
            return swap ? 0 : bound - 1;
        }
    }
}

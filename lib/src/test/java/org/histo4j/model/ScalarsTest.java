package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Scalars}: gradients through arithmetic with a constant stay right when the JVM collects garbage and reuses
 * freed native memory between forward and backward, the window in which DJL's own {@code mul(Number)} reads freed
 * memory (the same churn made {@code x.mul(2f)}'s gradient wrong in 50 of 50 tries; checked by swapping it in).
 */
class ScalarsTest {

    private static final int TRIES = 20;

    @Test
    void aProductsGradientIsTheConstant() {
        assertGradient(x -> Scalars.mul(x, 2), new float[] {2, 2, 2});
    }

    @Test
    void aQuotientsGradientIsOneOverTheConstant() {
        assertGradient(x -> Scalars.div(x, 4), new float[] {0.25f, 0.25f, 0.25f});
    }

    @Test
    void aMaximumsGradientPassesWhereTheArrayWins() {
        assertGradient(x -> Scalars.maximum(x, 1.5), new float[] {0, 1, 1});
    }

    /** d/dx sum(f(x)) at x = (1, 2, 3), with a collection and native allocations between forward and backward. */
    private static void assertGradient(UnaryOperator<NDArray> f, float[] expected) {
        for (int i = 0; i < TRIES; i++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = manager.create(new float[] {1, 2, 3});
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = f.apply(x).sum();
                    reuseFreedNativeMemory();
                    collector.backward(y);
                }
                assertArrayEquals(expected, x.getGradient().toFloatArray(), 0f, "try " + i);
            }
        }
    }

    /** Frees unreachable direct buffers and fills small native allocations, as a busy training loop would. */
    private static void reuseFreedNativeMemory() {
        System.gc();
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ByteBuffer[] held = new ByteBuffer[200];
        for (int k = 0; k < held.length; k++) {
            held[k] = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 12345f);
        }
    }
}

package org.histo4j.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DJL side on a tiny configuration (no timing assertions): results are complete and FLOPs consistent. */
class DjlBenchmarkTest {

    /** NIC encoder + 1000-class head at 64 px: 45,326,720 multiply-adds (see FlopCountTest). */
    private static final double NIC_FORWARD_FLOPS = 2 * 45_326_720.0;

    private static BenchResult runNic(BenchMode mode) {
        BenchConfig config = new BenchConfig("nic", mode, List.of(64), 2, 2, 1, 1);
        List<BenchResult> results = new DjlBenchmark(config, Engine.getInstance().defaultDevice(),
                manager -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(DjlBenchmark.LEARNING_RATE))
                        .optMomentum(DjlBenchmark.MOMENTUM).build()).run();
        assertEquals(1, results.size());
        return results.getFirst();
    }

    @Test
    void trainingCountsThreeForwardPasses() {
        BenchResult result = runNic(BenchMode.TRAIN);

        assertEquals("histo4j", result.engine());
        assertEquals(64, result.size());
        assertTrue(result.imagesPerSecond() > 0, result.toString());
        assertTrue(result.warmupSteps() >= 1 && result.warmupSteps() <= 1 + DjlBenchmark.MAX_JIT_STEPS);
        assertEquals(3 * NIC_FORWARD_FLOPS, result.gflopsPerSecond() * 1e9 / result.imagesPerSecond(), 1.0);
    }

    @Test
    void inferenceCountsOneForwardPass() {
        BenchResult result = runNic(BenchMode.INFER);

        assertEquals(NIC_FORWARD_FLOPS, result.gflopsPerSecond() * 1e9 / result.imagesPerSecond(), 1.0);
    }

    @Test
    void badConfigurationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BenchConfig("nic", BenchMode.TRAIN, List.of(64), 0, 2, 1, 1));
        assertEquals("batch must be >= 1, got 0", e.getMessage());
    }
}

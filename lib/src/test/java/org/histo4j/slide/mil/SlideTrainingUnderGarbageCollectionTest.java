package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A seeded slide fit gives the same model whether or not the JVM collects garbage while it trains. Memory the JVM
 * frees between a forward pass and its backward must never be read by the backward: before {@code model.Scalars},
 * CLAM's loss handed autograd constants in such memory and, with a collecting thread beside the fit, 40 of 40 CLAM
 * fits diverged at their second batch (the rare NaN of CI).
 */
class SlideTrainingUnderGarbageCollectionTest {

    private static final List<Bag> TRAIN = SyntheticBags.cohort(24, 12, 16, 3, 3f, 11);

    @Test
    void clamSingleBranch() {
        assertSameModel(() -> ClamMil.builder().optHidden(16).optAttention(8).build(), ClamLoss.of(3));
    }

    @Test
    void clamMultiBranch() {
        assertSameModel(() -> ClamMil.builder().optMultiBranch(true).optHidden(16).optAttention(8).build(),
                ClamLoss.of(3));
    }

    @Test
    void transMil() {
        assertSameModel(() -> TransMil.builder().optDim(16).optHeads(4).build(), new SlideLoss());
    }

    @Test
    void gatedAttention() {
        assertSameModel(() -> AttentionMil.builder().optGated(true).build(), new SlideLoss());
    }

    private static void assertSameModel(Supplier<Block> model, Loss loss) {
        SlideTrainer trainer = SlideTrainer.builder().setModel(model).optLoss(loss).optEpochs(2)
                .optLearningRate(2e-3f).optSeed(5).build();
        List<float[]> quiet = probabilities(trainer);
        List<float[]> collected;
        try (Collector ignored = new Collector()) {
            collected = probabilities(trainer);
        }
        for (int i = 0; i < quiet.size(); i++) {
            assertArrayEquals(quiet.get(i), collected.get(i), 1e-6f, "slide " + i);
        }
    }

    private static List<float[]> probabilities(SlideTrainer trainer) {
        List<float[]> out = new ArrayList<>();
        try (TrainedSlideModel model = trainer.fit(TRAIN)) {
            model.predict(TRAIN).forEach(p -> out.add(p.probabilities()));
        }
        return out;
    }

    /** A thread that collects garbage and refills small native allocations every 2 ms, as a busy JVM would. */
    private static final class Collector implements AutoCloseable {

        private final Thread thread = new Thread(this::run, "collector");

        Collector() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            ByteBuffer[] held = new ByteBuffer[64];
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                for (int k = 0; k < held.length; k++) {
                    held[k] = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putFloat(0, 1e30f);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

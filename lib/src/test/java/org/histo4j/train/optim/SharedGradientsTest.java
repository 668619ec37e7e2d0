package org.histo4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedGradientsTest {

    @Test
    void perTaskGradientsThroughDjlThenPcGradThenAnUpdate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter shared = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            NDArray w = manager.create(new float[] {1f, 1f});
            w.setRequiresGradient(true);
            shared.setArray(w);
            List<Parameter> encoder = List.of(shared);
            NDArray[] directions = {manager.create(new float[] {1f, 0f}), manager.create(new float[] {-1f, 1f})};

            float[][] perTask = new float[2][];
            float[] before = SharedGradients.read(encoder);
            for (int i = 0; i < 2; i++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(w.mul(directions[i]).sum()); // task i's loss w . d_i, gradient d_i
                }
                float[] after = SharedGradients.read(encoder);
                perTask[i] = SharedGradients.difference(after, before);
                before = after;
            }
            assertArrayEquals(new float[] {1f, 0f}, perTask[0], 0f);
            assertArrayEquals(new float[] {-1f, 1f}, perTask[1], 0f);

            // conflicting: [1, 0] -> [0.5, 0.5], [-1, 1] -> [0, 1]; sum [0.5, 1.5]
            SharedGradients.write(encoder, PcGrad.combine(perTask, PcGrad.Reduction.SUM, new Random(0)));
            assertArrayEquals(new float[] {0.5f, 1.5f}, SharedGradients.read(encoder), 1e-7f);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1f)).build();
            sgd.update(shared.getId(), w, w.getGradient());
            assertArrayEquals(new float[] {0.5f, -0.5f}, w.toFloatArray(), 1e-7f);
        }
    }
}

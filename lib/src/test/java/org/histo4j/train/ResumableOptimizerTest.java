package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.model.Encoders;
import org.histo4j.model.TaskHead;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

/** Pre-training's own update rules: hand-worked steps, zeroed gradients, and DJL's SGD on a real training step. */
class ResumableOptimizerTest {

    /** Sets the gradient of {@code weight} to {@code gradient} by differentiating sum(weight * gradient). */
    private static void backward(NDArray weight, float... gradient) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(weight.mul(weight.getManager().create(gradient)).sum());
        }
    }

    private static float[] update(ResumableOptimizer optimizer, NDArray weight, float... gradient) {
        backward(weight, gradient);
        optimizer.update("w", weight, weight.getGradient());
        return weight.toFloatArray();
    }

    @Test
    void sgdWithMomentumAndDecayFollowsTheHandWorkedSteps() {
        try (NDManager manager = NDManager.newBaseManager();
                ResumableOptimizer sgd = new ResumableOptimizer(OptimizerKind.SGD, Tracker.fixed(0.1f), 0.9f, 0.1f,
                        manager)) {
            NDArray weight = manager.create(new float[] {1, -2});
            weight.setRequiresGradient(true);
            // g' = g + 0.1 w = (0.6, 0.8); v = 0.1 g' = (0.06, 0.08); w = (0.94, -2.08)
            assertArrayEquals(new float[] {0.94f, -2.08f}, update(sgd, weight, 0.5f, 1f), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, weight.getGradient().toFloatArray(), "the gradient is zeroed");
            // g' = (1.094, -1.208); v = 0.9 (0.06, 0.08) + 0.1 g' = (0.1634, -0.0488); w = (0.7766, -2.0312)
            assertArrayEquals(new float[] {0.7766f, -2.0312f}, update(sgd, weight, 1f, -1f), 1e-6f);
        }
    }

    @Test
    void adamsFirstStepMovesEachWeightByTheLearningRate() {
        try (NDManager manager = NDManager.newBaseManager();
                ResumableOptimizer adam = new ResumableOptimizer(OptimizerKind.ADAM, Tracker.fixed(0.1f), 0f, 0f,
                        manager)) {
            NDArray weight = manager.create(new float[] {1, -2});
            weight.setRequiresGradient(true);
            // after bias correction m / sqrt(s) = sign(g): the first step is -lr sign(g)
            assertArrayEquals(new float[] {0.9f, -1.9f}, update(adam, weight, 0.5f, -3f), 1e-5f);
            assertArrayEquals(new float[] {0, 0}, weight.getGradient().toFloatArray(), "the gradient is zeroed");
        }
    }

    @Test
    void oneTrainingStepMatchesDjlsSgd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomNormal(new Shape(4, 3, 32, 32));
            NDArray labels = manager.create(new long[] {0, 1, 2, 1});
            List<float[]> djl = step(manager, images, labels,
                    Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build());
            List<float[]> ours = step(manager, images, labels,
                    new ResumableOptimizer(OptimizerKind.SGD, Tracker.fixed(0.05f), 0.9f, 0f, manager));
            for (int i = 0; i < djl.size(); i++) {
                assertArrayEquals(djl.get(i), ours.get(i), 1e-6f, "parameter " + i);
            }
        }
    }

    /** Two steps (so momentum counts) of a seeded ResNet-18 with a 3-class head; the trainable values after them. */
    private static List<float[]> step(NDManager manager, NDArray images, NDArray labels, Optimizer optimizer) {
        Engine.getInstance().setRandomSeed(7);
        Block network = new SequentialBlock().add(Encoders.create("resnet18").block())
                .add(TaskHead.linear(3).block());
        network.initialize(manager, DataType.FLOAT32, images.getShape());
        ParameterStore store = new ParameterStore(manager, false);
        for (int i = 0; i < 2; i++) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.forward(store, new NDList(images), true).singletonOrThrow();
                collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)));
            }
            for (Pair<String, Parameter> pair : network.getParameters()) {
                Parameter parameter = pair.getValue();
                if (parameter.requiresGradient()) {
                    optimizer.update(parameter.getId(), parameter.getArray(), parameter.getArray().getGradient());
                }
            }
        }
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : network.getParameters()) {
            values.add(pair.getValue().getArray().toFloatArray());
        }
        return values;
    }
}

package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.histo4j.model.Encoders;
import org.histo4j.model.TaskHead;
import org.junit.jupiter.api.Test;

/** The matrix-product convolution gives libtorch's outputs and gradients, and the same training step. */
class GemmConv2dTest {

    private static <T> T withGemm(boolean on, Supplier<T> work) {
        String before = System.getProperty(GemmConv2d.PROPERTY);
        System.setProperty(GemmConv2d.PROPERTY, Boolean.toString(on));
        try {
            return work.get();
        } finally {
            if (before == null) {
                System.clearProperty(GemmConv2d.PROPERTY);
            } else {
                System.setProperty(GemmConv2d.PROPERTY, before);
            }
        }
    }

    private static float scale(float[] values) {
        float max = 1e-6f;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Output, input gradient and kernel gradient of sum(conv(x) * r), training mode. */
    private static List<float[]> passes(Conv2d conv, NDArray x, NDArray r) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = conv.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(y.mul(r).sum());
        }
        List<float[]> out = List.of(y.toFloatArray(), x.getGradient().toFloatArray(),
                conv.getParameters().get("weight").getArray().getGradient().toFloatArray(),
                conv.getParameters().get("bias").getArray().getGradient().toFloatArray());
        conv.getParameters().forEach(p -> p.getValue().getArray().getGradient().subi(
                p.getValue().getArray().getGradient()));
        x.getGradient().subi(x.getGradient());
        return out;
    }

    @Test
    void outputsAndGradientsEqualLibtorchsConvolution() {
        int[][] cases = {{2, 1, 1}, {4, 2, 1}, {4, 1, 0}, {1, 1, 1}}; // input side, stride, padding: 2x2, 1x1 out
        for (int[] c : cases) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Conv2d conv = GemmConv2d.of(512, 3, c[1], c[2], true);
                assertInstanceOf(GemmConv2d.class, conv);
                Shape input = new Shape(2, 6, c[0], c[0]);
                conv.initialize(manager, DataType.FLOAT32, input);
                NDArray x = manager.randomNormal(input);
                Shape output = conv.getOutputShapes(new Shape[] {input})[0];
                NDArray r = manager.randomNormal(output);
                List<float[]> gemm = withGemm(true, () -> passes(conv, x, r));
                List<float[]> plain = withGemm(false, () -> passes(conv, x, r));
                for (int k = 0; k < plain.size(); k++) {
                    assertArrayEquals(plain.get(k), gemm.get(k), 1e-5f * scale(plain.get(k)),
                            "case " + java.util.Arrays.toString(c) + ", pass " + k);
                }
            }
        }
    }

    @Test
    void onlyWideKernelsUseTheMatrixProduct() {
        assertInstanceOf(GemmConv2d.class, GemmConv2d.of(512, 3, 1, 1, false));
        assertTrue(!(GemmConv2d.of(256, 3, 1, 1, false) instanceof GemmConv2d));
        assertTrue(!(GemmConv2d.of(512, 1, 2, 0, false) instanceof GemmConv2d));
    }

    @Test
    void aResnetTrainingStepMatchesThePlainPath() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 16 images: batch norm at the last stage's 2 x 2 pixels then averages 64 values, so float rounding
            // between the two paths is not amplified by a statistic of a handful of values
            NDArray images = manager.randomNormal(new Shape(16, 3, 64, 64));
            NDArray labels = manager.randomInteger(0, 3, new Shape(16), DataType.INT64);
            List<Step> plain = withGemm(false, () -> trainedValues(manager, images, labels));
            List<Step> gemm = withGemm(true, () -> trainedValues(manager, images, labels));
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i).before(), gemm.get(i).before(), "the same seeded start, parameter " + i);
                // the updates agree within 1e-3 of their size plus 1e-6 of the value: measured, the paths' float
                // rounding stays below 2e-5 of the update, and one float step of values near 1 (batch norm's scales),
                // within 6% of the tolerance; a wrong gradient would differ by the size of the update itself
                float[] expected = plain.get(i).update();
                float tolerance = 1e-3f * scale(expected) + 1e-6f * scale(plain.get(i).after());
                assertArrayEquals(expected, gemm.get(i).update(), tolerance, "update of parameter " + i);
            }
        }
    }

    /** One parameter's values before and after the training step. */
    private record Step(float[] before, float[] after) {
        float[] update() {
            float[] update = new float[after.length];
            for (int k = 0; k < after.length; k++) {
                update[k] = after[k] - before[k];
            }
            return update;
        }
    }

    /** A seeded ResNet-18 (its last stage at 2 x 2 pixels) after one SGD step. */
    private static List<Step> trainedValues(NDManager manager, NDArray images, NDArray labels) {
        Engine.getInstance().setRandomSeed(11);
        Block network = new SequentialBlock().add(Encoders.create("resnet18").block()).add(TaskHead.linear(3).block());
        network.initialize(manager, DataType.FLOAT32, images.getShape());
        List<float[]> before = new ArrayList<>();
        network.getParameters().forEach(pair -> before.add(pair.getValue().getArray().toFloatArray()));
        ParameterStore store = new ParameterStore(manager, false);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build();
        for (int step = 0; step < 1; step++) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.forward(store, new NDList(images), true).singletonOrThrow();
                collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)));
            }
            for (Pair<String, Parameter> pair : network.getParameters()) {
                if (pair.getValue().requiresGradient()) {
                    NDArray weight = pair.getValue().getArray();
                    sgd.update(pair.getValue().getId(), weight, weight.getGradient());
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        network.getParameters().forEach(pair -> steps.add(
                new Step(before.get(steps.size()), pair.getValue().getArray().toFloatArray())));
        return steps;
    }
}

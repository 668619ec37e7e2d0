package org.histo4j.train.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormAdaptationTest {

    private static final Shape INPUT = new Shape(8, 3, 6, 6);

    /** conv(3 -> 4) + BN, then (if deep) ReLU + conv(4 -> 5) + BN; initialised with random γ, β, running stats. */
    private static SequentialBlock network(NDManager manager, boolean deep) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(BatchNorm.builder().build());
        if (deep) {
            net.add(Activation.reluBlock()).add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(5).build())
                    .add(BatchNorm.builder().build());
        }
        net.setInitializer(new NormalInitializer(0.5f), ai.djl.nn.Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, INPUT);
        for (BatchNorm bn : BatchNorms.find(net)) {
            long c = BatchNorms.parameter(bn, "gamma").getShape().get(0);
            BatchNorms.parameter(bn, "gamma").getArray().set(manager.randomUniform(0.5f, 2f, new Shape(c)).toFloatArray());
            BatchNorms.parameter(bn, "beta").getArray().set(manager.randomNormal(new Shape(c)).toFloatArray());
            BatchNorms.parameter(bn, "runningMean").getArray().set(manager.randomNormal(new Shape(c)).toFloatArray());
            BatchNorms.parameter(bn, "runningVar").getArray()
                    .set(manager.randomUniform(0.2f, 3f, new Shape(c)).toFloatArray());
        }
        return net;
    }

    /** Batches from a distribution unlike the one the running statistics describe. */
    private static List<NDList> shiftedBatches(NDManager manager, int count) {
        List<NDList> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(new NDList(manager.randomNormal(2f, 3f, INPUT, DataType.FLOAT32)));
        }
        return batches;
    }

    private static float[] inference(SequentialBlock net, NDManager manager, NDList batch) {
        return net.forward(new ParameterStore(manager, false), batch, false).singletonOrThrow().toFloatArray();
    }

    @Test
    void measuresTheMeanAndUnbiasedVarianceOfEachBatchNormInput() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = network(manager, false);
            BatchNorm bn = BatchNorms.find(net).get(0);
            float[] runningMeanBefore = BatchNorms.parameter(bn, "runningMean").getArray().toFloatArray();
            List<NDList> batches = shiftedBatches(manager, 3);
            Moments measured = BatchNormProbe.measure(net, batches).get(bn);

            // independently: the conv output's per-channel mean and unbiased variance, averaged over the batches
            double[] mean = new double[4];
            double[] var = new double[4];
            for (NDList batch : batches) {
                NDArray conv = net.getChildren().get(0).getValue()
                        .forward(new ParameterStore(manager, false), batch, false).singletonOrThrow();
                NDArray perChannel = conv.transpose(1, 0, 2, 3).reshape(4, -1);
                float[] m = perChannel.mean(new int[] {1}).toFloatArray();
                long n = perChannel.getShape().get(1);
                float[] v = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1})
                        .div(n - 1).toFloatArray();
                for (int c = 0; c < 4; c++) {
                    mean[c] += m[c] / 3;
                    var[c] += v[c] / 3;
                }
            }
            for (int c = 0; c < 4; c++) {
                assertEquals(mean[c], measured.mean()[c], 1e-4 * Math.max(1, Math.abs(mean[c])), "mean " + c);
                assertEquals(var[c], measured.variance()[c], 1e-4 * var[c], "variance " + c);
            }
            assertEquals(3, measured.batches());
            assertArrayEquals(runningMeanBefore, BatchNorms.parameter(bn, "runningMean").getArray().toFloatArray(),
                    0f, "measuring must not touch the layer's own statistics");
        }
    }

    @Test
    void adaptationKeepsTheInferenceOutputAndSetsTheRunningStatistics() {
        Engine.getInstance().setRandomSeed(12);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = network(manager, true);
            List<NDList> batches = shiftedBatches(manager, 2);
            float[] before = inference(net, manager, batches.get(1));
            Map<BatchNorm, Moments> moments = BatchNormAdaptation.adaptAll(net, batches);
            float[] after = inference(net, manager, batches.get(1));

            assertEquals(2, moments.size());
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 1e-4 * Math.max(1, Math.abs(before[i])), "output " + i);
            }
            for (Map.Entry<BatchNorm, Moments> entry : moments.entrySet()) {
                assertArrayEquals(entry.getValue().mean(),
                        BatchNorms.parameter(entry.getKey(), "runningMean").getArray().toFloatArray(), 0f);
                assertArrayEquals(entry.getValue().variance(),
                        BatchNorms.parameter(entry.getKey(), "runningVar").getArray().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void formulaOnHandValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // γ 2, β 1, μ_s 0, σ_s² 4 - ε, μ_t 3, σ_t² 1 - ε: σ_s 2, σ_t 1 -> γ_t = 1, β_t = 1 + 2 * 3 / 2 = 4
            float eps = 1e-5f;
            NDList out = BatchNormAdaptation.adapt(manager.create(new float[] {2}), manager.create(new float[] {1}),
                    manager.create(new float[] {0}), manager.create(new float[] {4 - eps}),
                    manager.create(new float[] {3}), manager.create(new float[] {1 - eps}), eps);
            assertEquals(1f, out.get(0).getFloat(0), 1e-6);
            assertEquals(4f, out.get(1).getFloat(0), 1e-6);
            assertEquals(3f, out.get(2).getFloat(0), 0);
            assertEquals(1f - eps, out.get(3).getFloat(0), 0);
            // x = 5: before 2 (5 - 0) / 2 + 1 = 6, after 1 (5 - 3) / 1 + 4 = 6
        }
    }

    @Test
    void findsEveryBatchNormInTheTree() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = network(manager, true);
            List<BatchNorm> found = BatchNorms.find(new SequentialBlock().add(net).add(Activation.reluBlock()));
            assertEquals(2, found.size());
            assertTrue(found.get(0) == net.getChildren().get(1).getValue());
            assertFalse(found.get(0) == found.get(1));
            assertEquals(1e-5f, BatchNorms.epsilon(found.get(0)), 0f);
            assertEquals(0.9f, BatchNorms.momentum(found.get(0)), 0f);
        }
    }
}

package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.model.encoder.BlockEncoder;
import org.histo4j.model.encoder.TorchLayers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing of samples to their task's head, encoder freezing, checkpoints with an architecture check. */
class MultiTaskNetworkTest {

    @TempDir
    Path dir;

    /** conv 3x3 (filters) - BN - ReLU - global average pooling: a tiny encoder of width {@code filters}. */
    static Encoder tinyEncoder(int filters) {
        TorchLayers layers = new TorchLayers();
        SequentialBlock block = new SequentialBlock().add(layers.conv("conv", filters, 3, 1, 1, false))
                .add(layers.batchNorm("bn")).add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return BlockEncoder.builder().setName("tiny" + filters).setBlock(block).setFeatureWidth(filters)
                .setInputSize(8).optNamedParameters(layers.parameters()).build();
    }

    private static MultiTaskNetwork threeTasks(Encoder encoder) {
        return MultiTaskNetwork.of(encoder, List.of(TaskHead.linear(2), TaskHead.mlp(5, 3), TaskHead.linear(4)));
    }

    @Test
    void eachSampleGoesToItsOwnHead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultiTaskNetwork network = threeTasks(tinyEncoder(4)).initialize(manager);
            NDArray images = manager.randomNormal(new Shape(5, 3, 8, 8));
            NDArray taskIds = manager.create(new long[] {1, 0, 1, 2, 0});
            ParameterStore store = new ParameterStore(manager, false);
            MultiTaskOutput out = network.forward(store, images, taskIds, false);

            long[][] expectedRows = {{1, 4}, {0, 2}, {3}};
            NDArray features = network.encoder().block().forward(store, new NDList(images), false).singletonOrThrow();
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(expectedRows[t], out.rows().get(t).toLongArray(), "rows of task " + t);
                assertEquals(new Shape(expectedRows[t].length, network.numClasses(t)), out.logits().get(t).getShape());
                NDArray all = network.head(t).block().forward(store, new NDList(features), false).singletonOrThrow();
                for (int r = 0; r < expectedRows[t].length; r++) {
                    assertArrayEquals(all.get(expectedRows[t][r]).toFloatArray(),
                            out.logits().get(t).get(r).toFloatArray(), 1e-6f, "task " + t + " row " + r);
                }
            }
            MultiTaskOutput noTask2 = network.forward(store, images.get("0:2"), manager.create(new long[] {0, 0}), false);
            assertEquals(new Shape(0, 4), noTask2.logits().get(2).getShape());
            assertThrows(IllegalArgumentException.class,
                    () -> network.forward(store, images.get("0:1"), manager.create(new long[] {3}), false));
        }
    }

    @Test
    void gradientsReachOnlyTheHeadsOfTheBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MultiTaskNetwork network = threeTasks(tinyEncoder(4)).initialize(manager);
            NDArray images = manager.randomNormal(new Shape(4, 3, 8, 8));
            NDArray taskIds = manager.create(new long[] {0, 0, 1, 0});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                MultiTaskOutput out = network.forward(new ParameterStore(manager, false), images, taskIds, true);
                collector.backward(out.logits().get(0).sum());
            }
            NDArray head0 = network.head(0).namedParameters().get("fc.weight").getArray().getGradient();
            NDArray head1 = network.head(1).namedParameters().get("2.weight").getArray().getGradient();
            assertTrue(head0.abs().sum().getFloat() > 0);
            assertEquals(0f, head1.abs().sum().getFloat());
            // d(sum of task-0 logits)/d(fc.bias) = number of task-0 samples per class
            NDArray bias = network.head(0).namedParameters().get("fc.bias").getArray().getGradient();
            assertArrayEquals(new float[] {3, 3}, bias.toFloatArray(), 1e-6f);
            String mlpId = network.head(1).namedParameters().get("0.bias").getId();
            assertEquals(java.util.OptionalInt.of(1), network.taskOf(mlpId));
            String convId = network.encoder().namedParameters().get("conv.weight").getId();
            assertTrue(network.taskOf(convId).isEmpty());
        }
    }

    @Test
    void frozenEncoderKeepsBatchNormStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = tinyEncoder(4);
            MultiTaskNetwork network = threeTasks(encoder).initialize(manager);
            NDArray images = manager.randomNormal(3f, 2f, new Shape(6, 3, 8, 8), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray taskIds = manager.create(new long[] {0, 1, 2, 0, 1, 2});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray mean = encoder.namedParameters().get("bn.running_mean").getArray();
            NDArray var = encoder.namedParameters().get("bn.running_var").getArray();

            network.setEncoderFrozen(true);
            float[] meanBefore = mean.toFloatArray();
            float[] varBefore = var.toFloatArray();
            network.forward(store, images, taskIds, true);
            assertArrayEquals(meanBefore, mean.toFloatArray());
            assertArrayEquals(varBefore, var.toFloatArray());
            assertFalse(encoder.namedParameters().get("conv.weight").requiresGradient());
            assertEquals(0, encoder.trainableParameterCount());

            network.setEncoderFrozen(false);
            assertTrue(encoder.namedParameters().get("conv.weight").requiresGradient());
            assertFalse(encoder.namedParameters().get("bn.running_mean").requiresGradient());
            network.forward(store, images, taskIds, true);
            assertFalse(java.util.Arrays.equals(meanBefore, mean.toFloatArray()), "unfrozen training moves BN stats");
        }
    }

    @Test
    void checkpointRoundTripAndArchitectureCheck() {
        Path file = dir.resolve("net.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            MultiTaskNetwork saved = threeTasks(tinyEncoder(4)).initialize(manager);
            saved.save(file);
            MultiTaskNetwork loaded = threeTasks(tinyEncoder(4)).initialize(manager);
            loaded.load(file);
            NDArray images = manager.randomNormal(new Shape(3, 3, 8, 8));
            NDArray taskIds = manager.create(new long[] {2, 1, 0});
            ParameterStore store = new ParameterStore(manager, false);
            MultiTaskOutput a = saved.forward(store, images, taskIds, false);
            MultiTaskOutput b = loaded.forward(store, images, taskIds, false);
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(a.logits().get(t).toFloatArray(), b.logits().get(t).toFloatArray(), 1e-6f);
            }

            MultiTaskNetwork otherHead = MultiTaskNetwork.of(tinyEncoder(4),
                    List.of(TaskHead.linear(2), TaskHead.linear(3), TaskHead.linear(4))).initialize(manager);
            Histo4jException head = assertThrows(Histo4jException.class, () -> otherHead.load(file));
            assertTrue(head.getMessage().contains("head 1 is mlp(5,3) in the checkpoint, linear(3) in this network"),
                    head.getMessage());
            MultiTaskNetwork otherEncoder = threeTasks(tinyEncoder(8)).initialize(manager);
            Histo4jException enc = assertThrows(Histo4jException.class, () -> otherEncoder.load(file));
            assertTrue(enc.getMessage().contains("encoder tiny4 in the checkpoint, tiny8 in this network"),
                    enc.getMessage());
        }
    }

    @Test
    void headsMustNotBeShared() {
        TaskHead shared = TaskHead.linear(2);
        assertThrows(IllegalArgumentException.class,
                () -> MultiTaskNetwork.of(tinyEncoder(4), List.of(shared, shared)));
    }
}

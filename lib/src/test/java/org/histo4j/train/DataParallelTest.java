package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.data.batch.SampleRef;
import org.histo4j.model.Encoder;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.TaskHead;
import org.histo4j.model.encoder.BlockEncoder;
import org.histo4j.model.encoder.TorchLayers;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel training on the CPU: two replicas (the CPU twice) fed the two halves of each batch end with the
 * same parameters as one network trained on the whole batches, with momentum, weight decay, head-gradient rescaling
 * and PCGrad on. The encoder has no batch norm, whose per-shard statistics would (by design) differ from the whole
 * batch's; everything else is the same arithmetic, the gradient summed in another order.
 */
class DataParallelTest {

    private static final List<String> TASKS = List.of("a", "b", "c");

    @Test
    void twoReplicasOnSplitBatchesTrainLikeOneNetworkOnTheWholeBatch() {
        assertReplicasMatchOneNetwork(false);
    }

    @Test
    void pcGradSeesTheGradientsSummedOverReplicas() {
        assertReplicasMatchOneNetwork(true);
    }

    private static void assertReplicasMatchOneNetwork(boolean pcGrad) {
        Device cpu = Device.cpu();
        try (TrainingSession one = TrainingSession.open(DataParallelTest::network, TASKS, config(), List.of(cpu));
                TrainingSession two = TrainingSession.open(DataParallelTest::network, TASKS, config(),
                        List.of(cpu, cpu))) {
            float[] initial = one.network().namedParameters().values().iterator().next().getArray().toFloatArray();
            for (int step = 1; step <= 6; step++) {
                HostBatch batch = batch(step, step % 2 == 0 ? 8 : 7);
                TrainingSession.StepResult a = one.step(step, batch, step == 1, pcGrad);
                TrainingSession.StepResult b = two.step(step, batch, step == 1, pcGrad);
                assertEquals(a.loss(), b.loss(), 1e-5, "loss at step " + step);
                assertArrayEquals(a.counts(), b.counts());
                assertArrayEquals(a.correct(), b.correct());
            }
            Map<String, Parameter> expected = one.network().namedParameters();
            Map<String, Parameter> actual = two.network().namedParameters();
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((name, p) -> assertArrayEquals(p.getArray().toFloatArray(),
                    actual.get(name).getArray().toFloatArray(), 2e-5f, name));
            assertFalse(Arrays.equals(initial, expected.values().iterator().next().getArray().toFloatArray()),
                    "the encoder learnt (the comparison is not between untouched weights)");
        }
    }

    /** A convolution without batch norm, global pooling, and heads of 2, 3 and 2 classes. */
    private static MultiTaskNetwork network() {
        TorchLayers layers = new TorchLayers();
        SequentialBlock block = new SequentialBlock().add(layers.conv("conv1", 4, 3, 1, 1, true))
                .add(Activation::relu).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        Encoder encoder = BlockEncoder.builder().setName("tiny").setBlock(block).setFeatureWidth(4).setInputSize(8)
                .optNamedParameters(layers.parameters()).build();
        return MultiTaskNetwork.of(encoder, List.of(TaskHead.linear(2), TaskHead.linear(3), TaskHead.linear(2)));
    }

    private static PretrainConfig config() {
        return PretrainConfig.builder().setArch("resnet18").setSteps(10).optImageSize(8)
                .optOptimizer(OptimizerKind.SGD).optLearningRate(0.5f).optMomentum(0.9f).optWeightDecay(1e-3f)
                .optHeadGradientScaling(true).build();
    }

    /** {@code count} random 8 px images of random tasks and labels, reproducible from the step. */
    private static HostBatch batch(long step, int count) {
        SplittableRandom random = new SplittableRandom(step * 31);
        float[] images = new float[count * 3 * 8 * 8];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        long[] tasks = new long[count];
        long[] labels = new long[count];
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks[i] = random.nextInt(3);
            labels[i] = random.nextInt(tasks[i] == 1 ? 3 : 2);
            refs.add(new SampleRef((int) tasks[i], i));
        }
        return new HostBatch(step, 8, images, labels, tasks, refs);
    }
}

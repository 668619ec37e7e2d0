package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.data.batch.SampleRef;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.TaskHead;
import org.histo4j.model.encoder.BlockEncoder;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

/**
 * The training step against hand-worked numbers. The encoder flattens 3 x 1 x 1 "images" into their 3 values, so
 * the features are known; heads start at zero, so every softmax is uniform.
 *
 * <p>Batch: x0 = (1, 2, 0) task 0 label 1; x1 = (2, 1, 0) task 1 label 2; x2 = (3, −1, 0) task 0 label 0; task 0
 * has 2 classes, task 1 has 3, task 2 (2 classes) is absent. Loss L = (ln 2 + ln 3 + ln 2) / 3. The gradient of L
 * with respect to head t's weights is (1/3) Σ<sub>n ∈ B_t</sub> (p<sub>n</sub> − e<sub>y_n</sub>) x<sub>n</sub>ᵀ;
 * scaled by 3/|B_t| it is the mean over the head's own samples:
 * <ul>
 *   <li>head 0: ((0.5, −0.5) x0ᵀ + (−0.5, 0.5) x2ᵀ) / 2 = [[−0.5, 0.75, 0], [0.5, −0.75, 0]], bias (0, 0);</li>
 *   <li>head 1: (1/3, 1/3, −2/3) x1ᵀ = [[2/3, 1/3, 0], [2/3, 1/3, 0], [−4/3, −2/3, 0]], bias (1/3, 1/3, −2/3).</li>
 * </ul>
 * With plain SGD at rate 1 the heads' new weights are minus these gradients; without the rescaling head 0's are
 * 2/3 and head 1's 1/3 of them.
 */
class TrainingSessionTest {

    private static final double LOSS = (2 * Math.log(2) + Math.log(3)) / 3;

    @Test
    void lossAndScaledHeadGradientsMatchTheHandWorkedExample() {
        try (TrainingSession session = session(0f, 0f)) {
            TrainingSession.StepResult result = session.step(1, batch(new long[] {0, 1, 0}), false, false);
            assertEquals(LOSS, result.loss(), 1e-6);
            assertEquals(2 * Math.log(2), result.taskLossSums()[0], 1e-6);
            assertEquals(Math.log(3), result.taskLossSums()[1], 1e-6);
            assertArrayEquals(new int[] {2, 1, 0}, result.counts());
            MultiTaskNetwork network = session.network();
            assertArrayEquals(new float[] {0.5f, -0.75f, 0, -0.5f, 0.75f, 0}, weights(network, 0, "fc.weight"), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, weights(network, 0, "fc.bias"), 1e-6f);
            assertArrayEquals(new float[] {-2f / 3, -1f / 3, 0, -2f / 3, -1f / 3, 0, 4f / 3, 2f / 3, 0},
                    weights(network, 1, "fc.weight"), 1e-6f);
            assertArrayEquals(new float[] {-1f / 3, -1f / 3, 2f / 3}, weights(network, 1, "fc.bias"), 1e-6f);
            assertArrayEquals(new float[6], weights(network, 2, "fc.weight"), 0f, "absent head untouched");
        }
    }

    @Test
    void withoutRescalingHeadsGetThePlainBatchMeanGradient() {
        try (TrainingSession session = session(0f, 0f, false)) {
            session.step(1, batch(new long[] {0, 1, 0}), false, false);
            MultiTaskNetwork network = session.network();
            assertArrayEquals(new float[] {1f / 3, -0.5f, 0, -1f / 3, 0.5f, 0}, weights(network, 0, "fc.weight"),
                    1e-6f);
            assertArrayEquals(new float[] {-2f / 9, -1f / 9, 0, -2f / 9, -1f / 9, 0, 4f / 9, 2f / 9, 0},
                    weights(network, 1, "fc.weight"), 1e-6f);
        }
    }

    @Test
    void aHeadAbsentFromABatchGetsNoUpdateDespiteMomentumAndDecay() {
        try (TrainingSession session = session(0.9f, 0.01f)) {
            session.step(1, batch(new long[] {2, 1, 2}), false, false);
            float[] afterFirst = weights(session.network(), 2, "fc.weight");
            assertFalse(Arrays.equals(new float[6], afterFirst), "head 2 learnt at step 1");
            session.step(2, batch(new long[] {0, 1, 0}), false, false);
            assertArrayEquals(afterFirst, weights(session.network(), 2, "fc.weight"), 0f);
        }
    }

    @Test
    void pcGradWithoutAnEncoderToShareGivesTheSameHeadUpdates() {
        try (TrainingSession plain = session(0f, 0f); TrainingSession projected = session(0f, 0f)) {
            TrainingSession.StepResult a = plain.step(1, batch(new long[] {0, 1, 0}), false, false);
            TrainingSession.StepResult b = projected.step(1, batch(new long[] {0, 1, 0}), false, true);
            assertEquals(a.loss(), b.loss(), 1e-6);
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(weights(plain.network(), t, "fc.weight"), weights(projected.network(), t,
                        "fc.weight"), 1e-6f);
            }
        }
    }

    @Test
    void warmUpKeepsEncoderWeightsAndBatchNormStatisticsFixed() {
        try (TrainingSession session = resnetSession()) {
            Map<String, float[]> before = snapshot(session.network().encoder().namedParameters());
            float[] head = weights(session.network(), 0, "fc.weight");
            for (int step = 1; step <= 3; step++) {
                session.step(step, randomBatch(step), true, false);
            }
            Map<String, float[]> frozen = snapshot(session.network().encoder().namedParameters());
            before.forEach((name, values) -> assertArrayEquals(values, frozen.get(name), 0f, name));
            assertFalse(Arrays.equals(head, weights(session.network(), 0, "fc.weight")), "heads learn");
            session.step(4, randomBatch(4), false, false);
            Map<String, float[]> after = snapshot(session.network().encoder().namedParameters());
            assertFalse(Arrays.equals(before.get("bn1.running_mean"), after.get("bn1.running_mean")));
            assertFalse(Arrays.equals(before.get("conv1.weight"), after.get("conv1.weight")));
        }
    }

    @Test
    void stepsLeaveNoArrayBehind() {
        try (TrainingSession session = resnetSession()) {
            long[] step = {0};
            int[] plain = MemoryProbe.countAround(session.manager(), 3, 50,
                    () -> session.step(++step[0], randomBatch(step[0]), step[0] % 10 == 0, false));
            assertEquals(plain[0], plain[1], "live arrays, plain steps");
            int[] pcGrad = MemoryProbe.countAround(session.manager(), 3, 10,
                    () -> session.step(++step[0], randomBatch(step[0]), false, true));
            assertEquals(pcGrad[0], pcGrad[1], "live arrays, PCGrad steps");
        }
    }

    /** A ResNet-18 cut after layer1 (batch norms included) with heads of 2, 3 and 2 classes. */
    private static TrainingSession resnetSession() {
        MultiTaskNetwork network = MultiTaskNetwork.of(Encoders.create("resnet18", "layer1"),
                List.of(TaskHead.linear(2), TaskHead.linear(3), TaskHead.linear(2)));
        PretrainConfig config = PretrainConfig.builder().setArch("resnet18").setSteps(1000).optImageSize(16)
                .optLearningRate(0.01f).optWeightDecay(1e-4f).build();
        return TrainingSession.open(network, List.of("a", "b", "c"), config, Engine.getInstance().defaultDevice());
    }

    /** Four random 16 px images of random tasks and labels, reproducible from the step. */
    private static HostBatch randomBatch(long step) {
        SplittableRandom random = new SplittableRandom(step);
        float[] images = new float[4 * 3 * 16 * 16];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        long[] tasks = new long[4];
        long[] labels = new long[4];
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks[i] = random.nextInt(3);
            labels[i] = random.nextInt(tasks[i] == 1 ? 3 : 2);
            refs.add(new SampleRef((int) tasks[i], i));
        }
        return new HostBatch(step, 16, images, labels, tasks, refs);
    }

    private static Map<String, float[]> snapshot(Map<String, Parameter> parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        parameters.forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        return values;
    }

    private static TrainingSession session(float momentum, float weightDecay) {
        return session(momentum, weightDecay, true);
    }

    private static TrainingSession session(float momentum, float weightDecay, boolean headScaling) {
        Encoder flatten = BlockEncoder.builder().setName("flatten").setBlock(Blocks.batchFlattenBlock())
                .setFeatureWidth(3).setInputSize(1).build();
        MultiTaskNetwork network = MultiTaskNetwork.of(flatten, List.of(TaskHead.linear(2), TaskHead.linear(3),
                TaskHead.linear(2)));
        PretrainConfig config = PretrainConfig.builder().setArch("resnet18").setSteps(10).optImageSize(8)
                .optOptimizer(OptimizerKind.SGD).optLearningRate(1f).optMomentum(momentum)
                .optWeightDecay(weightDecay).optHeadGradientScaling(headScaling).build();
        TrainingSession session = TrainingSession.open(network, List.of("a", "b", "c"), config,
                Engine.getInstance().defaultDevice());
        for (int t = 0; t < 3; t++) {
            for (Parameter p : network.head(t).namedParameters().values()) {
                NDArray array = p.getArray();
                array.set(new float[Math.toIntExact(array.size())]);
            }
        }
        return session;
    }

    /** The three samples of the example with the given task ids (labels 1, 2, 0). */
    private static HostBatch batch(long[] tasks) {
        float[] images = {1, 2, 0, 2, 1, 0, 3, -1, 0};
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refs.add(new SampleRef((int) tasks[i], i));
        }
        return new HostBatch(1, 1, images, new long[] {1, 2, 0}, tasks, refs);
    }

    private static float[] weights(MultiTaskNetwork network, int task, String name) {
        Map<String, Parameter> named = network.head(task).namedParameters();
        return named.get(name).getArray().toFloatArray();
    }
}

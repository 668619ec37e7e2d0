package org.histo4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiTaskOptimizerTest {

    private static Parameter parameter(NDManager manager, float... values) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }

    /** Loss = a . ca + b . cb, so the gradients are ca and cb; then one optimiser update of both. */
    private static void step(MultiTaskOptimizer optimizer, Parameter a, NDArray ca, Parameter b, NDArray cb) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(a.getArray().mul(ca).sum().add(b.getArray().mul(cb).sum()));
        }
        for (Parameter p : List.of(a, b)) {
            optimizer.update(p.getId(), p.getArray(), p.getArray().getGradient());
        }
    }

    @Test
    void handWorkedSgdWithMomentumScalesHeadsAndSkipsAbsentOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, 1f, -2f);
            Parameter b = parameter(manager, 3f);
            NDArray ca = manager.create(new float[] {0.5f, 1f});
            NDArray cb = manager.create(new float[] {-1f});
            ParameterGroups groups = ParameterGroups.builder().addHead("a", List.of(a)).addHead("b", List.of(b))
                    .build();
            MultiTaskOptimizer sgd = MultiTaskOptimizer.builder().setGroups(groups).setSchedule(Schedule.constant(0.1f))
                    .optWeightDecay(0.01f).build();

            // step 1, B = 4, |B_a| = 1, |B_b| = 3: g' = f g + 0.01 w, v = 0.1 g', w -= v
            sgd.setPlan(GradientPlan.headScaling(groups, Map.of("a", 1, "b", 3), 4));
            step(sgd, a, ca, b, cb);
            // a: g' = 4 [0.5, 1] + 0.01 [1, -2] = [2.01, 3.98]; v = [0.201, 0.398]
            assertArrayEquals(new float[] {0.799f, -2.398f}, a.getArray().toFloatArray(), 1e-6f);
            // b: g' = 4/3 (-1) + 0.03 = -1.3033333; v = -0.13033333
            assertArrayEquals(new float[] {3.1303333f}, b.getArray().toFloatArray(), 1e-6f);
            float[] bAfterStep1 = b.getArray().toFloatArray();

            // step 2, |B_a| = 4, |B_b| = 0: b gets no update at all, and its gradient is cleared
            sgd.setPlan(GradientPlan.headScaling(groups, Map.of("a", 4), 4));
            step(sgd, a, ca, b, cb);
            // a: g' = [0.5 + 0.00799, 1 - 0.02398]; v = 0.9 [0.201, 0.398] + 0.1 g' = [0.231699, 0.455802]
            assertArrayEquals(new float[] {0.567301f, -2.853802f}, a.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(bAfterStep1, b.getArray().toFloatArray(), 0f);
            assertArrayEquals(new float[] {0f}, b.getArray().getGradient().toFloatArray(), 0f);

            // step 3, |B_a| = |B_b| = 2: b's momentum is still step 1's
            sgd.setPlan(GradientPlan.headScaling(groups, Map.of("a", 2, "b", 2), 4));
            step(sgd, a, ca, b, cb);
            // b: g' = 2 (-1) + 0.01 * 3.1303333 = -1.9686967; v = 0.9 (-0.13033333) + 0.1 g' = -0.31416967
            assertArrayEquals(new float[] {3.4445030f}, b.getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aResumedOptimizerContinuesTheScheduleAndHeadsGetTheMultiplier() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter encoder = parameter(manager, 0f);
            Parameter head = parameter(manager, 0f);
            ParameterGroups groups = ParameterGroups.builder().addEncoder(List.of(encoder)).addHead("h", List.of(head))
                    .build();
            // lr(t) = 10^-(t-1); after 2 steps done the next update uses lr(3) = 0.01, heads 5 times that
            MultiTaskOptimizer sgd = MultiTaskOptimizer.builder().setGroups(groups)
                    .setSchedule(Schedule.stepDecay(1f, 0.1f, 1)).optMomentum(0).optHeadMultiplier(5)
                    .optStepsDone(2).build();
            step(sgd, encoder, manager.create(new float[] {1f}), head, manager.create(new float[] {1f}));
            assertEquals(-0.01f, encoder.getArray().getFloat(0), 1e-8);
            assertEquals(-0.05f, head.getArray().getFloat(0), 1e-8);
        }
    }

    @Test
    void adamsFirstStepMovesByTheRateTimesTheSignAndSkipsAbsentHeads() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, 1f, 1f);
            Parameter b = parameter(manager, 2f);
            ParameterGroups groups = ParameterGroups.builder().addHead("a", List.of(a)).addHead("b", List.of(b))
                    .build();
            MultiTaskOptimizer adam = MultiTaskOptimizer.builder().setGroups(groups).setSchedule(Schedule.constant(0.01f))
                    .optKind(OptimizerKind.ADAM).optHeadMultiplier(2).build();
            adam.setPlan(GradientPlan.headScaling(groups, Map.of("a", 3), 3));
            step(adam, a, manager.create(new float[] {0.3f, -4f}), b, manager.create(new float[] {1f}));
            // t = 1: m = 0.1 g, v = 0.001 g^2, lr_1 = 0.02 sqrt(0.001) / 0.1, so w -= 0.02 g / |g| (up to eps)
            assertArrayEquals(new float[] {0.98f, 1.02f}, a.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {2f}, b.getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void inATrainerAnAbsentHeadStaysBitIdenticalWhileAZeroGradientWouldMoveIt() {
        float[][] absentAfter = trainWithHeadBAbsent(true);
        assertArrayEquals(absentAfter[0], absentAfter[1], 0f);
        assertFalse(Arrays.equals(absentAfter[1], absentAfter[2]), "the encoder should move");
        float[][] control = trainWithHeadBAbsent(false);
        assertFalse(Arrays.equals(control[0], control[1]), "without the plan, momentum moves the absent head");
    }

    /**
     * Two steps with both heads used, then two steps where only head A is in the loss; returns head B's weight
     * after step 2 and after step 4, and the encoder's weight after step 4.
     */
    private static float[][] trainWithHeadBAbsent(boolean skipAbsent) {
        Engine.getInstance().setRandomSeed(3);
        Linear encoder = Linear.builder().setUnits(3).build();
        Linear headA = Linear.builder().setUnits(2).build();
        Linear headB = Linear.builder().setUnits(2).build();
        SequentialBlock net = new SequentialBlock().add(encoder).add(new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()),
                List.of(headA, headB)));
        try (Model model = Model.newInstance("heads")) {
            model.setBlock(net);
            ParameterGroups groups = ParameterGroups.builder()
                    .addEncoder(encoder.getParameters().values())
                    .addHead("a", headA.getParameters().values())
                    .addHead("b", headB.getParameters().values()).build();
            MultiTaskOptimizer optimizer = MultiTaskOptimizer.builder().setGroups(groups)
                    .setSchedule(Schedule.constant(0.1f)).optHeadMultiplier(10).optWeightDecay(1e-4f).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
                trainer.initialize(new Shape(4, 5));
                float[][] result = new float[3][];
                for (int step = 1; step <= 4; step++) {
                    boolean bothHeads = step <= 2;
                    optimizer.setPlan(skipAbsent ? GradientPlan.headScaling(groups,
                            bothHeads ? Map.of("a", 2, "b", 2) : Map.of("a", 4), 4) : GradientPlan.NONE);
                    try (NDManager stepManager = trainer.getManager().newSubManager()) {
                        NDArray x = stepManager.randomNormal(new Shape(4, 5));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            NDArray loss = out.get(0).square().mean();
                            collector.backward(bothHeads ? loss.add(out.get(1).square().mean()) : loss);
                        }
                        trainer.step();
                    }
                    if (step == 2) {
                        result[0] = headB.getParameters().get("weight").getArray().toFloatArray();
                    }
                }
                result[1] = headB.getParameters().get("weight").getArray().toFloatArray();
                result[2] = encoder.getParameters().get("weight").getArray().toFloatArray();
                return result;
            }
        }
    }
}

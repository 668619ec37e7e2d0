package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.histo4j.train.optim.GradientPlan;
import org.histo4j.train.optim.MultiTaskOptimizer;
import org.histo4j.train.optim.ParameterGroups;
import org.histo4j.train.optim.Schedule;
import org.junit.jupiter.api.Test;

/** The step pattern documented in the package overview keeps the number of live NDArrays flat. */
class StepMemoryTest {

    private static final Shape BATCH = new Shape(8, 6);

    @Test
    void theRecommendedStepLeavesNoArrayBehind() {
        try (Fixture fixture = new Fixture()) {
            int[] counts = MemoryProbe.countAround(fixture.trainer.getManager(), 20, 2000, fixture::recommendedStep);
            assertEquals(counts[0], counts[1], "live arrays after warm-up vs after 2000 more steps");
        }
    }

    @Test
    void theProbeSeesAStepThatLeaks() {
        try (Fixture fixture = new Fixture()) {
            int[] counts = MemoryProbe.countAround(fixture.trainer.getManager(), 20, 50, fixture::leakyStep);
            assertTrue(counts[1] >= counts[0] + 50, "a step creating its batch in the trainer's manager leaks: "
                    + counts[0] + " -> " + counts[1]);
        }
    }

    /** A linear encoder and two linear heads, trained with the multi-task optimiser. */
    private static final class Fixture implements AutoCloseable {
        final Model model = Model.newInstance("probe");
        final Linear head = Linear.builder().setUnits(2).build();
        final Trainer trainer;
        final ParameterGroups groups;
        final MultiTaskOptimizer optimizer;
        double lastLoss;

        Fixture() {
            Engine.getInstance().setRandomSeed(5);
            Linear encoder = Linear.builder().setUnits(4).build();
            model.setBlock(new SequentialBlock().add(encoder).add(head));
            groups = ParameterGroups.builder().addEncoder(encoder.getParameters().values())
                    .addHead("t", head.getParameters().values()).build();
            optimizer = MultiTaskOptimizer.builder().setGroups(groups)
                    .setSchedule(Schedule.cosine(0.01f, 0f, 3000, 10)).optHeadMultiplier(10).optWeightDecay(1e-4f)
                    .build();
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
            trainer.initialize(BATCH);
        }

        /** Everything of the step in a sub-manager; only plain Java values leave it. */
        void recommendedStep() {
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDArray x = step.randomNormal(BATCH);
                NDArray y = step.randomNormal(new Shape(8, 2));
                optimizer.setPlan(GradientPlan.headScaling(groups, Map.of("t", 8), 8));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                    collector.backward(loss);
                    lastLoss = loss.getFloat();
                }
                trainer.step();
            }
        }

        /** The same step without a sub-manager: the batch and everything computed from it stay in the trainer's. */
        void leakyStep() {
            NDArray x = trainer.getManager().randomNormal(BATCH);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(out.square().mean());
            }
            trainer.step();
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }
}

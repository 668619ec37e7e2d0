package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.train.optim.OptimizerKind;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;

class FineTunerTest {

    private static final ColourSource SOURCE = new ColourSource(96, 8, 64);

    private static FineTuner.Builder tuner() {
        return FineTuner.builder().setEncoders(manager -> Encoders.create("nic").initialize(manager))
                .optOptimizer(OptimizerKind.ADAM).optLearningRate(1e-3f).optEpochs(3).optBatchSize(16);
    }

    @Test
    void learnsAnEasyTaskKeepsTheBestValidationEpochAndNeverSeesTestGroups() {
        Fold fold = new GroupKFold().split(IntStream.range(0, SOURCE.size()).map(SOURCE::label).toArray(),
                IntStream.range(0, SOURCE.size()).mapToObj(SOURCE::group).toArray(String[]::new), 4, 3).getFirst();

        FineTuner.Outcome outcome = tuner().build().fit(SOURCE, fold.train(), fold.test(), 5);

        double accuracy = outcome.test().evaluate(Metric.ACCURACY, IntStream.range(0, SOURCE.size())
                .map(SOURCE::label).toArray());
        assertTrue(accuracy > 0.8, "accuracy " + accuracy + " should beat chance (0.5) by far");
        assertEquals(3, outcome.trainLoss().size());
        assertEquals(3, outcome.validationScore().size());
        int firstBest = IntStream.range(0, 3).reduce((a, b) -> outcome.validationScore().get(b)
                > outcome.validationScore().get(a) ? b : a).orElseThrow();
        assertEquals(firstBest, outcome.bestEpoch());
        assertArrayEquals(fold.test(), outcome.test().rows());
        Set<String> testGroups = groups(fold.test());
        assertTrue(outcome.validationRows().length > 0);
        assertFalse(groups(outcome.trainRows()).stream().anyMatch(testGroups::contains), "train part");
        assertFalse(groups(outcome.validationRows()).stream().anyMatch(testGroups::contains), "validation part");
        assertFalse(groups(outcome.validationRows()).stream().anyMatch(groups(outcome.trainRows())::contains),
                "validation groups are held out of the training part");
        assertEquals(fold.train().length, outcome.trainRows().length + outcome.validationRows().length);
    }

    @Test
    void sameSeedGivesTheSameFitWhateverRandomDrawsCameBefore() {
        // The factory initialises a random encoder: its weights must come from the fit's seed, not from the
        // engine's random state left by whatever ran before.
        FineTuner tuner = tuner().optEpochs(1).build();
        int[] train = IntStream.range(0, 64).toArray();
        int[] test = IntStream.range(64, 96).toArray();
        FineTuner.Outcome first = tuner.fit(SOURCE, train, test, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.randomNormal(new Shape(1000)).close();
            manager.randomUniform(0, 1, new Shape(77)).close();
        }
        FineTuner.Outcome second = tuner.fit(SOURCE, train, test, 3);

        assertEquals(first.trainLoss(), second.trainLoss());
        assertEquals(first.validationScore(), second.validationScore());
        assertArrayEquals(first.test().predicted(), second.test().predicted());
        assertArrayEquals(first.test().scores(), second.test().scores());
        FineTuner.Outcome other = tuner.fit(SOURCE, train, test, 4);
        assertNotEquals(first.trainLoss(), other.trainLoss(), "another seed starts elsewhere");
    }

    @Test
    void trainsOnlyTheNamedBlocksAndNamesItsMode() {
        FineTuner tuner = tuner().optEpochs(1).optTrainableBlocks(List.of("conv4", "bn4", "encoded"))
                .optBatchNormFrozen(true).optOptimizer(OptimizerKind.SGD).build();
        assertEquals("finetune@conv4+bn4+encoded", tuner.mode());
        int[] train = IntStream.range(0, 64).toArray();
        int[] test = IntStream.range(64, 96).toArray();
        assertEquals(test.length, tuner.fit(SOURCE, train, test, 1).test().rows().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tuner().optTrainableBlocks(
                List.of("layer4")).build().fit(SOURCE, train, test, 1));
        assertTrue(e.getMessage().contains("no parameter of encoder nic starts with [layer4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FineTuner.builder().build());
    }

    @Test
    void tuneReturnsTheEncoderWithOnlyTheNamedBlocksChanged() {
        EncoderSpec spec = EncoderSpec.parse("random:nic:5");
        FineTuner tuner = tuner().optEpochs(1).setEncoders(m -> EncoderResolver.defaults().create(spec, m))
                .optTrainableBlocks(List.of("conv4", "bn4", "encoded")).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder fresh = EncoderResolver.defaults().create(spec, manager);

            FineTuner.Tuned tuned = tuner.tune(SOURCE, IntStream.range(0, 64).toArray(), 2, manager);

            Map<String, Parameter> before = fresh.namedParameters();
            Map<String, Parameter> after = tuned.encoder().namedParameters();
            for (String frozen : List.of("conv1.weight", "conv3.bias", "bn2.weight")) {
                assertArrayEquals(before.get(frozen).getArray().toFloatArray(),
                        after.get(frozen).getArray().toFloatArray(), 0f, frozen);
            }
            assertFalse(Arrays.equals(before.get("conv4.weight").getArray().toFloatArray(),
                    after.get("conv4.weight").getArray().toFloatArray()), "conv4 trains");
            RepresentationAnalysis.CkaMatrix cka = RepresentationAnalysis.cka(EncoderBlocks.of(fresh),
                    EncoderBlocks.of(tuned.encoder()), SourceView.evenlySpaced(SOURCE, 40), 20);
            double output = cka.values()[4][4];
            assertTrue(output > 0 && output < 1 - 1e-9, "the trained output layer moved: CKA " + output);
            assertEquals(1, tuned.outcome().trainLoss().size());
            assertEquals(0, tuned.outcome().test().rows().length);
        }
    }

    private static Set<String> groups(int[] rows) {
        return IntStream.of(rows).mapToObj(SOURCE::group).collect(Collectors.toSet());
    }
}

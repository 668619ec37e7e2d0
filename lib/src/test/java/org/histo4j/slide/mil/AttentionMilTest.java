package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.histo4j.train.DivergedException;
import org.junit.jupiter.api.Test;

class AttentionMilTest {

    @Test
    void attentionWeightsSumToOneAndIgnorePadding() {
        for (boolean gated : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                AttentionMil model = AttentionMil.builder().optGated(gated).optDropout(0).build();
                model.initialize(manager, DataType.FLOAT32, new Shape(2, 7, 12), new Shape(2, 7));
                List<Bag> bags = SyntheticBags.cohort(2, 4, 12, 0, 0, 3);
                NDList padded = BagBatch.inputs(manager, bags);
                ParameterStore store = new ParameterStore(manager, false);

                NDList out = model.forward(store, padded, false);
                NDArray weights = PoolingModel.weights(out);

                float[] sums = weights.sum(new int[] {1}).toFloatArray();
                assertArrayEquals(new float[] {1f, 1f}, sums, 1e-5f);
                // the shorter bag's padded positions get exactly zero weight
                int longest = (int) padded.get(0).getShape().get(1);
                float[] w = weights.toFloatArray();
                for (int b = 0; b < 2; b++) {
                    for (int k = bags.get(b).size(); k < longest; k++) {
                        assertEquals(0f, w[b * longest + k], "padding weight, bag " + b + " tile " + k);
                    }
                }
                // and the logits of a bag do not change when it is run alone, unpadded
                for (int b = 0; b < 2; b++) {
                    NDList alone = model.forward(store, BagBatch.inputs(manager, List.of(bags.get(b))), false);
                    assertArrayEquals(PoolingModel.logits(alone).toFloatArray(),
                            PoolingModel.logits(out).get(b).toFloatArray(), 1e-5f, "gated=" + gated);
                }
            }
        }
    }

    @Test
    void meanPoolingWeighsRealTilesEqually() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MeanPooling model = new MeanPooling(2, 8);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 6), new Shape(1, 5));
            List<Bag> bags = SyntheticBags.cohort(2, 4, 6, 0, 0, 5);

            NDList out = model.forward(new ParameterStore(manager, false), BagBatch.inputs(manager, bags), false);

            float[] w = PoolingModel.weights(out).get(0).toFloatArray();
            for (int k = 0; k < bags.get(0).size(); k++) {
                assertEquals(1f / bags.get(0).size(), w[k], 1e-6f);
            }
        }
    }

    @Test
    void learnsSlideLabelsFromAFewLesionTilesButNotFromShuffledLabels() {
        List<Bag> train = SyntheticBags.cohort(60, 20, 16, 3, 3f, 11);
        List<Bag> test = SyntheticBags.cohort(40, 20, 16, 3, 3f, 12);
        SlideTrainer trainer = SlideTrainer.builder()
                .setModel(() -> AttentionMil.builder().optHidden(32, 16).optAttention(8).build())
                .optEpochs(30).optLearningRate(2e-3f).optSeed(5).build();

        double auc;
        try (TrainedSlideModel model = trainer.fit(train)) {
            auc = SyntheticBags.auc(model.predict(test));
        }
        java.util.Random shuffle = new java.util.Random(99);
        List<Bag> shuffled = train.stream().map(b -> b.withLabel(shuffle.nextInt(2))).toList();
        double controlAuc;
        try (TrainedSlideModel control = trainer.fit(shuffled)) {
            controlAuc = SyntheticBags.auc(control.predict(test));
        }

        assertTrue(auc > 0.9, "ABMIL slide AUC " + auc);
        assertTrue(controlAuc > 0.25 && controlAuc < 0.75, "label-shuffled control AUC " + controlAuc);
    }

    @Test
    void sameSeedSameModel() {
        List<Bag> train = SyntheticBags.cohort(12, 8, 6, 2, 3f, 1);
        SlideTrainer trainer = SlideTrainer.builder().setModel(() -> AttentionMil.builder().optHidden(8).build())
                .optEpochs(3).optSeed(9).build();
        float[] first;
        float[] second;
        try (TrainedSlideModel a = trainer.fit(train); TrainedSlideModel b = trainer.fit(train)) {
            first = a.predict(train).getFirst().probabilities();
            second = b.predict(train).getFirst().probabilities();
        }
        assertArrayEquals(first, second);
    }

    @Test
    void aHugeLearningRateStopsTrainingWithOneLineInsteadOfANaNModel() {
        List<Bag> train = SyntheticBags.cohort(12, 8, 6, 2, 3f, 1);
        SlideTrainer trainer = SlideTrainer.builder().setModel(() -> AttentionMil.builder().optHidden(8).build())
                .optEpochs(10).optLearningRate(1e30f).optSeed(9).build();

        DivergedException e = assertThrows(DivergedException.class, () -> trainer.fit(train).close());

        assertTrue(e.getMessage().startsWith("training diverged at "), e.getMessage());
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    }
}

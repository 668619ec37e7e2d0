package org.histo4j.slide.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;
import org.histo4j.transfer.SummaryRow;
import org.histo4j.transfer.TransferResults;
import org.junit.jupiter.api.Test;

class SlideCrossValidationTest {

    /** Bags of Gaussian tiles; positive slides also hold 3 tiles shifted by 3 in their first 4 features. */
    private static List<Bag> cohort(int slides, long seed) {
        return cohort(slides, seed, new HashMap<>());
    }

    /** The same, recording in {@code masks} each slide's lesion mask: one mask pixel per 64 px tile. */
    private static List<Bag> cohort(int slides, long seed, Map<String, TissueMask> masks) {
        Random random = new Random(seed);
        List<Bag> bags = new ArrayList<>();
        for (int s = 0; s < slides; s++) {
            int label = s % 2;
            int n = 20 + random.nextInt(10);
            float[][] features = new float[n][16];
            int[][] coords = new int[n][];
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < 16; d++) {
                    features[k][d] = (float) random.nextGaussian();
                }
                coords[k] = new int[] {64 * (k % 6), 64 * (k / 6)};
            }
            boolean[] lesion = new boolean[6 * 5];
            for (int k = 0; label == 1 && k < 3; k++) {
                int tile = random.nextInt(n);
                lesion[tile] = true;
                for (int d = 0; d < 4; d++) {
                    features[tile][d] += 3f;
                }
            }
            masks.put("slide-" + s, TissueMask.of(lesion, 6, 5, 6 * 64, 5 * 64));
            bags.add(new Bag("slide-" + s, "patient-" + s, label, features, coords));
        }
        return bags;
    }

    private static SlideCrossValidation.Builder settings() {
        return SlideCrossValidation.builder().optModels(SlideModel.ABMIL).optFolds(3).optSeeds(1).optEpochs(10)
                .optLearningRate(4e-3f);
    }

    private static SummaryRow oof(TransferResults results, String mode) {
        return results.summaryRows().stream().filter(r -> r.mode().equals(mode)
                && r.metric().equals(SlideCrossValidation.OUT_OF_FOLD_AUC)).findFirst().orElseThrow();
    }

    @Test
    void abmilFindsTheLesionTilesWhileShuffledLabelsGiveChance() {
        Map<String, TissueMask> masks = new HashMap<>();
        List<Bag> bags = cohort(30, 7, masks);

        SlideCrossValidation.Result real = settings().optLesionMasks(masks).build().run(bags, 64, "features", "toy");
        SlideCrossValidation.Result control = settings().optShuffledLabels(true).build().run(bags, 64, "features", "toy");

        double auc = oof(real.results(), "abmil").mean();
        double chance = oof(control.results(), "abmil-shuffled").mean();
        assertTrue(auc > 0.85, "ABMIL out-of-fold slide AUC " + auc);
        assertTrue(Math.abs(chance - 0.5) < 0.2, "label-shuffled AUC " + chance);
        // the attention of the out-of-fold models ranks the 3 lesion tiles of the 15 positive slides high
        double attentionAuc = real.results().summaryRows().stream().filter(r -> r.mode().equals("abmil")
                && r.metric().equals(HeatmapFaithfulness.ATTENTION_AUC)).findFirst().orElseThrow().mean();
        assertTrue(attentionAuc > 0.9, "attention AUC " + attentionAuc);
        assertEquals(15, real.faithfulness().size());
    }

    @Test
    void resultsAreALongTableWithOneRowPerFoldMetricAndEachSlidePredictedOncePerSeed() {
        List<Bag> bags = cohort(12, 3);

        SlideCrossValidation.Result result = SlideCrossValidation.builder()
                .optModels(SlideModel.MEAN, SlideModel.GRID).optFolds(3).optSeeds(2).optEpochs(1).build()
                .run(bags, 64, "enc", "task");

        // 2 seeds x 2 models x (3 folds x 2 metrics + 1 out-of-fold AUC)
        assertEquals(2 * 2 * 7, result.results().size());
        assertEquals(2 * 2 * 12, result.predictions().size());
        for (String mode : List.of("mean", "grid")) {
            for (long seed : new long[] {1, 2}) {
                List<String> slides = result.predictions().stream()
                        .filter(p -> p.mode().equals(mode) && p.seed() == seed)
                        .map(p -> p.prediction().slideId()).sorted().toList();
                assertEquals(bags.stream().map(Bag::slideId).sorted().toList(), slides);
            }
        }
    }

    @Test
    void aFitThatDivergesIsRecordedAndLoggedAndTheStudyGoesOn() {
        List<Bag> bags = cohort(12, 3);
        List<String> log = new ArrayList<>();

        // Adam's first step moves each weight by about the learning rate: at 1e38 the logits overflow to infinity
        SlideCrossValidation.Result result = SlideCrossValidation.builder().optModels(SlideModel.MEAN, SlideModel.ABMIL)
                .optFolds(3).optSeeds(1).optEpochs(2).optLearningRate(1e38f).optLog(log::add).build()
                .run(bags, 64, "enc", "task");

        var table = result.results().table();
        for (String mode : List.of("mean", "abmil")) {
            var rows = table.where(table.stringColumn("mode").isEqualTo(mode));
            assertEquals(List.of(SlideCrossValidation.DIVERGED, SlideCrossValidation.DIVERGED,
                    SlideCrossValidation.DIVERGED, SlideCrossValidation.OUT_OF_FOLD_AUC),
                    rows.stringColumn("metric").asList(), mode);
            assertTrue(rows.doubleColumn("value").isMissing(3), "no slide was scored, so no AUC: " + rows);
        }
        assertTrue(result.predictions().isEmpty());
        assertEquals(6, log.stream().filter(line -> line.contains("diverged, its 4 test slides are left out")).count(),
                String.join("\n", log));
    }

    @Test
    void slideAucCountsSlidePairs() {
        // positives scored 0.9, 0.4; negatives 0.5, 0.1: 3 of 4 pairs ordered -> 0.75
        List<SlidePrediction> predictions = List.of(prediction(1, 0.9f), prediction(1, 0.4f), prediction(0, 0.5f),
                prediction(0, 0.1f));

        assertEquals(0.75, SlideCrossValidation.auc(predictions), 1e-12);
    }

    private static SlidePrediction prediction(int label, float positive) {
        return new SlidePrediction("s", "g", label, new float[] {1 - positive, positive}, null);
    }
}

package org.histo4j.slide.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.histo4j.transfer.TransferResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SlideStudyTest {

    @Test
    void lesionFractionCurveHasOneRowPerFractionAndModel(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SlideStudy study = SlideStudy.builder().setEncoder(EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:1"), manager))
                    .optSlides(4).optSize(768, 512).optTileMpp(0.5).optLesionRadius(50).optFolds(2).optSeeds(2).optEpochs(1).build();

            Table curve = study.lesionFractionCurve(dir, new double[] {0.2, 0.05}, SlideModel.MEAN, SlideModel.ABMIL);

            assertEquals(List.of("fraction", "model", "auc_mean", "auc_std", "attention_auc_mean", "attention_auc_std",
                    "topk_lesion_mean", "diverged"), curve.columnNames());
            assertEquals(List.of(0, 0, 0, 0), curve.intColumn("diverged").asList());
            assertEquals(List.of(0.2, 0.2, 0.05, 0.05), curve.doubleColumn("fraction").asList());
            assertEquals(List.of("mean", "abmil", "mean", "abmil"), curve.stringColumn("model").asList());
            for (double auc : curve.doubleColumn("auc_mean").asDoubleArray()) {
                assertTrue(auc >= 0 && auc <= 1, "AUC " + auc);
            }
            assertTrue(Files.isRegularFile(dir.resolve("fraction-0.2/cohort/cohort.csv")));
            assertTrue(Files.isRegularFile(dir.resolve("fraction-0.05/bags/bags.csv")));
            // 2 fractions x 2 seeds x 2 models x (2 folds x 2 metrics + 1 out-of-fold AUC), besides the heatmap
            // faithfulness rows (attention_auc, topk_lesion) of seeds whose test folds held lesion tiles
            Table results = TransferResults.read(dir.resolve("results.csv")).table();
            assertEquals(2 * 2 * 2 * 5, results.where(results.stringColumn("metric")
                    .isNotIn("attention_auc", "topk_lesion")).rowCount());
        }
    }
}

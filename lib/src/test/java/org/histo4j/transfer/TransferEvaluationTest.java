package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TransferEvaluationTest {

    private static final ColourSource SOURCE = new ColourSource(48, 4, 32);
    private static final EncoderSpec NIC = EncoderSpec.parse("random:nic:0");

    @Test
    void linearAndFineTuningShareFoldsAndSeeds() {
        TransferEvaluation evaluation = TransferEvaluation.builder().addEncoder(NIC)
                .optModes(EnumSet.allOf(TransferEvaluation.Mode.class)).optFolds(3).optSeeds(2)
                .optFineTuning(FineTuner.builder().optEpochs(1).optBatchSize(16)).build();

        TransferEvaluation.Outcome outcome = evaluation.evaluate(SOURCE, "colours");

        Table table = outcome.results().table();
        Set<String> linear = keys(table, "logistic");
        Set<String> tuned = keys(table, "finetune");
        assertEquals(Set.of("0/0", "0/1", "0/2", "1/0", "1/1", "1/2"), linear);
        assertEquals(linear, tuned);
        assertEquals(6, outcome.learningCurves().rowCount(), "1 epoch x 2 seeds x 3 folds");
        FeatureSet features = evaluation.features(new TransferEvaluation.Candidate("nic",
                m -> EncoderResolver.defaults().create(NIC, m), true), SOURCE, "colours");
        for (long seed : new long[] {0, 1}) {
            List<FoldResult> probeFolds = LinearProbe.builder().optFolds(3).build().crossValidate(features, seed)
                    .folds();
            List<Fold> shared = evaluation.folds(SOURCE, seed);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(shared.get(k).test(), probeFolds.get(k).predictions().rows());
            }
        }
    }

    private static Set<String> keys(Table table, String mode) {
        return IntStream.range(0, table.rowCount()).filter(i -> table.stringColumn("mode").get(i).equals(mode))
                .mapToObj(i -> table.longColumn("seed").get(i) + "/" + table.intColumn("fold").get(i))
                .collect(Collectors.toSet());
    }

    @Test
    void summaryMarksTheBestAndWhatIsSignificantlyWorse() {
        // accuracy per seed (one fold): A 0.80, 0.90 (mean 0.85, std 0.0707); B 0.50, 0.52 (0.51, 0.0141);
        // C 0.83, 0.85 (0.84, 0.0141). A is best; C - A = -0.01, within 2 x 0.0707: tied; B - A = -0.34: worse.
        Table long_ = Table.create("r", StringColumn.create("encoder", "A", "A", "B", "B", "C", "C"),
                StringColumn.create("task", "t", "t", "t", "t", "t", "t"),
                StringColumn.create("mode", "logistic", "logistic", "logistic", "logistic", "logistic", "logistic"),
                LongColumn.create("seed", 0, 1, 0, 1, 0, 1), IntColumn.create("fold", 0, 0, 0, 0, 0, 0),
                StringColumn.create("metric", "accuracy", "accuracy", "accuracy", "accuracy", "accuracy", "accuracy"),
                DoubleColumn.create("value", 0.80, 0.90, 0.50, 0.52, 0.83, 0.85));
        TransferResults results = TransferResults.of(long_);

        Table summary = TransferTables.summary(results);

        assertEquals(List.of("A", "C", "B"), summary.stringColumn("encoder").asList());
        assertEquals(List.of("best", "tied", "worse"), summary.stringColumn("vs_best").asList());
        assertEquals("0.850 ± 0.0707", summary.stringColumn("mean_std").get(0));
        Table against = TransferTables.significanceAgainst(results, Metric.ACCURACY, "B");
        assertEquals(List.of("A", "C"), against.stringColumn("encoder").asList());
        assertEquals(List.of(true, true), against.booleanColumn("significant").asList());
        assertEquals(0.34, against.doubleColumn("difference").get(0), 1e-12);
    }

    @Test
    void quickStudyComparesEveryEncoderWithTheBaselineOnBothTargets() {
        TransferEvaluation.QuickResult quick = TransferEvaluation.quick(List.of(NIC, EncoderSpec.parse(
                "random:nic:1")), EncoderResolver.defaults(), 60, 2, 3, null);

        assertEquals(Set.of("syn-target-gland-grade", "syn-target-low-signal"),
                Set.copyOf(quick.results().table().stringColumn("task").unique().asList()));
        Table significance = quick.significance();
        assertEquals(2, significance.rowCount());
        for (int i = 0; i < 2; i++) {
            double bound = 2 * Math.max(significance.doubleColumn("std").get(i),
                    significance.doubleColumn("baseline_std").get(i));
            assertEquals(Math.abs(significance.doubleColumn("difference").get(i)) > bound,
                    significance.booleanColumn("significant").get(i));
        }
        Table accuracy = TransferTables.forMetric(quick.summary(), Metric.ACCURACY);
        assertEquals(2, accuracy.where(accuracy.stringColumn("vs_best").isEqualTo("best")).rowCount());
    }

    @Test
    void truncationStudyProbesAfterEveryBlock() {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            EncoderBlocks blocks = EncoderBlocks.of(EncoderResolver.defaults().create(NIC, manager));

            RepresentationAnalysis.TruncationStudy study = RepresentationAnalysis.truncationStudy(blocks, SOURCE,
                    LinearProbe.builder().optFolds(3).build(), 1, n -> { });

            Table table = study.table(Metric.ACCURACY);
            assertEquals(List.of("block1", "block2", "block3", "block4", "output"),
                    table.stringColumn("point").asList());
            assertEquals(List.of(128, 128, 128, 128, 128), table.intColumn("features").asList());
            assertTrue(table.doubleColumn("mean").min() > 0.75, "colours are easy at every depth: " + table);
            assertTrue(study.lineChart(Metric.ACCURACY).asJavascript("t").contains("scatter"));
        }
    }
}

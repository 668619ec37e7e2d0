package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TransferStudyTest {

    @TempDir
    Path dir;

    @Test
    void summaryAveragesFoldsThenSeeds() {
        // seed 0: folds 0.8, 0.9 -> 0.85; seed 1: 0.6, 0.8 -> 0.7; seed 2: 1.0, NaN -> 1.0
        // mean (0.85 + 0.7 + 1.0) / 3 = 0.85; std sqrt((0 + 0.0225 + 0.0225) / 2) = 0.15
        TransferResults results = handMade(new long[] {0, 0, 1, 1, 2, 2},
                new double[] {0.8, 0.9, 0.6, 0.8, 1.0, Double.NaN});
        SummaryRow row = results.summaryRows().get(0);
        assertEquals(0.85, row.mean(), 1e-12);
        assertEquals(0.15, row.std(), 1e-12);
        assertEquals(3, row.seeds());
        assertEquals(1, results.summary().rowCount());
    }

    @Test
    void oneSeedHasNoSpreadAndSaysNotNaN() {
        TransferResults results = handMade(new long[] {4, 4}, new double[] {0.8, 0.9});
        assertEquals(Double.NaN, results.summaryRows().getFirst().std());
        assertEquals("0.850 ± n/a", TransferTables.summary(results).stringColumn("mean_std").get(0));
    }

    @Test
    void resultsWithCommasAndQuotesInNamesReadBackAsWritten() {
        Table table = handMade(new long[] {0, 1}, new double[] {0.5, 0.75}).table();
        table.stringColumn("encoder").set(0, "file:/w/a, \"b\".pt");
        TransferResults results = TransferResults.of(table);
        Path csv = dir.resolve("quoted.csv");
        results.write(csv);
        TransferResults read = TransferResults.read(csv);
        assertEquals("file:/w/a, \"b\".pt", read.table().stringColumn("encoder").get(0));
        assertEquals(results.table().print(), read.table().print());
    }

    @Test
    void csvRoundTrip() {
        TransferResults results = handMade(new long[] {0, 1, 1}, new double[] {0.25, 0.5, Double.NaN});
        Path csv = dir.resolve("sub/results.csv");
        results.write(csv);
        TransferResults read = TransferResults.read(csv);
        assertEquals(results.table().print(), read.table().print());
        assertEquals(results.summaryRows(), read.summaryRows());
    }

    @Test
    void wrongColumnsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransferResults.of(Table.create("x", StringColumn.create("encoder"))));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }

    @Test
    void studyRanksTheInformativeEncoderFirst() {
        TransferStudy study = TransferStudy.builder()
                .addProbe(LinearProbe.builder().optCGrid(1e-2, 1).build())
                .addProbe(LinearProbe.builder().optClassifier(ProbeClassifier.LINEAR_SVM).optCGrid(1e-2, 1).build())
                .optSeeds(0, 1).build();
        Map<String, List<FeatureSet>> features = new LinkedHashMap<>();
        features.put("good", List.of(task("t1", 1L, false), task("t2", 2L, false)));
        features.put("noise", List.of(task("t1", 1L, true), task("t2", 2L, true)));
        TransferResults results = study.evaluateAll(features);
        // 2 encoders x 2 tasks x 2 modes x 2 seeds x 5 folds x (3 metrics + chosen C)
        assertEquals(2 * 2 * 2 * 2 * 5 * 4, results.size());
        Table selection = results.whereMode("logistic").leaveOneTaskOut(Metric.ACCURACY);
        assertEquals(List.of("good", "good"), selection.stringColumn("encoder").asList());
        Table summary = results.summary();
        assertEquals(2 * 2 * 2 * 4, summary.rowCount());
    }

    private static FeatureSet task(String name, long seed, boolean noise) {
        FeatureSet base = LinearProbeTest.separable(2, 40, 4, seed);
        if (noise) {
            Random random = new Random(seed + 100);
            for (float[] row : base.features()) {
                row[0] = (float) random.nextGaussian();
            }
        }
        return new FeatureSet(name, base.classNames(), base.features(), base.labels(), base.groups(), base.paths());
    }

    private static TransferResults handMade(long[] seeds, double[] values) {
        int n = seeds.length;
        int[] folds = new int[n];
        for (int i = 0; i < n; i++) {
            folds[i] = i % 2;
        }
        return TransferResults.of(Table.create("r",
                StringColumn.create("encoder", java.util.Collections.nCopies(n, "e")),
                StringColumn.create("task", java.util.Collections.nCopies(n, "t")),
                StringColumn.create("mode", java.util.Collections.nCopies(n, "svm")),
                LongColumn.create("seed", seeds), IntColumn.create("fold", folds),
                StringColumn.create("metric", java.util.Collections.nCopies(n, "accuracy")),
                DoubleColumn.create("value", values)));
    }
}

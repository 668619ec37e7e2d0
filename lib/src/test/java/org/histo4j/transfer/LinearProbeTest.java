package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LinearProbeTest {

    /**
     * Linearly separable classes: feature 0 is +-(1 + |noise|) * class centre, the other features pure noise;
     * 2 rows per group.
     */
    static FeatureSet separable(int numClasses, int rows, int dims, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[rows][dims];
        int[] y = new int[rows];
        String[] groups = new String[rows];
        String[] paths = new String[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = (i / 2) % numClasses;
            for (int j = 0; j < dims; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            // class c sits at 4c on feature 0 (for 2 classes) or on its own axis c (for more)
            int axis = numClasses == 2 ? 0 : y[i];
            x[i][axis] = (float) ((numClasses == 2 ? 8 * y[i] - 4 : 6) + 0.5 * random.nextGaussian());
            groups[i] = "g" + i / 2;
            paths[i] = "img" + i + ".png";
        }
        List<String> names = IntStream.range(0, numClasses).mapToObj(c -> "class" + c).toList();
        return new FeatureSet("toy", names, x, y, groups, paths);
    }

    @Test
    void logisticRegressionSeparatesSeparableClasses() {
        ProbeResult result = LinearProbe.builder().build().crossValidate(separable(2, 60, 8, 1L), 0L);
        assertEquals(5, result.folds().size());
        for (FoldResult fold : result.folds()) {
            assertEquals(1.0, fold.metric(Metric.ACCURACY), 1e-12, "fold " + fold.fold());
            assertEquals(1.0, fold.metric(Metric.AUC), 1e-12, "fold " + fold.fold());
        }
    }

    @Test
    void svmSeparatesThreeSeparableClasses() {
        LinearProbe probe = LinearProbe.builder().optClassifier(ProbeClassifier.LINEAR_SVM).build();
        ProbeResult result = probe.crossValidate(separable(3, 90, 6, 2L), 5L);
        assertEquals(1.0, result.mean(Metric.ACCURACY), 1e-12);
        assertEquals(1.0, result.mean(Metric.BALANCED_ACCURACY), 1e-12);
        assertEquals(1.0, result.mean(Metric.AUC), 1e-12);
        assertEquals("svm", probe.mode());
    }

    @Test
    void chanceOnPureNoiseIsNotPerfect() {
        FeatureSet data = separable(2, 60, 8, 3L);
        Random random = new Random(9);
        for (float[] row : data.features()) {
            row[0] = (float) random.nextGaussian();
        }
        double accuracy = LinearProbe.builder().build().crossValidate(data, 0L).mean(Metric.ACCURACY);
        assertTrue(accuracy < 0.85, "accuracy on noise " + accuracy);
    }

    @Test
    void sameSeedGivesIdenticalResults() {
        FeatureSet data = separable(3, 60, 5, 4L);
        Random random = new Random(1);
        for (float[] row : data.features()) {
            row[1] += (float) (3 * random.nextGaussian());
        }
        LinearProbe probe = LinearProbe.builder().optClassifier(ProbeClassifier.LINEAR_SVM).build();
        ProbeResult a = probe.crossValidate(data, 17L);
        ProbeResult b = probe.crossValidate(data, 17L);
        for (int f = 0; f < a.folds().size(); f++) {
            assertEquals(a.folds().get(f).c(), b.folds().get(f).c());
            assertArrayEquals(a.folds().get(f).predictions().scores(), b.folds().get(f).predictions().scores());
        }
    }

    @Test
    void testRowsNeverShareAGroupWithTrainingRows() {
        FeatureSet data = separable(2, 40, 3, 5L);
        ProbeResult result = LinearProbe.builder().optFolds(4).build().crossValidate(data, 1L);
        Set<Integer> seen = new HashSet<>();
        for (FoldResult fold : result.folds()) {
            Set<String> testGroups = new HashSet<>();
            IntStream.of(fold.predictions().rows()).forEach(r -> {
                testGroups.add(data.groups()[r]);
                assertTrue(seen.add(r), "row " + r + " tested twice");
            });
            long testRowsOfTheseGroups = IntStream.range(0, data.size())
                    .filter(r -> testGroups.contains(data.groups()[r])).count();
            assertEquals(fold.predictions().rows().length, testRowsOfTheseGroups);
        }
        assertEquals(data.size(), seen.size());
    }

    @Test
    void chosenCComesFromTheGrid() {
        LinearProbe probe = LinearProbe.builder().optCGrid(1e-3, 1e-1, 10).build();
        for (FoldResult fold : probe.crossValidate(separable(2, 40, 4, 6L), 0L).folds()) {
            assertTrue(fold.c() == 1e-3 || fold.c() == 1e-1 || fold.c() == 10, "C = " + fold.c());
        }
    }

    @Test
    void bestScoreWinsAndTiesGoToTheSmallestC() {
        double[] grid = {1, 1e-2, 1e-1};
        assertEquals(1e-2, LinearProbe.bestC(grid, new double[] {0.9, 0.9, 0.8}));
        assertEquals(1e-1, LinearProbe.bestC(grid, new double[] {0.9, 0.8, 0.95}));
        assertEquals(1e-2, LinearProbe.bestC(grid, new double[] {0.7, 0.7, 0.7}));
        assertEquals(1, LinearProbe.bestC(grid, new double[] {0.7, Double.NEGATIVE_INFINITY, 0.6}));
    }

    @Test
    void predictionTableHasOneRowPerSample() {
        FeatureSet data = separable(2, 40, 4, 8L);
        Table table = LinearProbe.builder().build().crossValidate(data, 0L).predictionTable(data);
        assertEquals(40, table.rowCount());
        assertEquals(List.of("fold", "row", "path", "group", "label", "predicted", "score_class0", "score_class1"),
                table.columnNames());
    }

    @Test
    void standardiserUsesOnlyTheTrainingRows() {
        float[][] x = {{1}, {3}, {100}};
        Standardizer standardizer = Standardizer.fit(x, new int[] {0, 1});
        // mean 2, population std 1 over rows 0 and 1; row 2 does not count
        assertEquals(1.0, standardizer.apply(new float[] {3})[0], 1e-12);
        assertEquals(98.0, standardizer.apply(new float[] {100})[0], 1e-12);
    }

    @Test
    void builderRejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.builder().optCGrid(1, -1).build());
        assertTrue(e.getMessage().contains("cGrid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.builder().optFolds(1).build());
    }
}

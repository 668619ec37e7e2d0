package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyAndBalancedAccuracy() {
        int[] labels = {0, 0, 0, 1};
        int[] predicted = {0, 0, 1, 1};
        // 3 of 4 correct; recalls 2/3 (class 0) and 1/1 (class 1), mean 5/6
        assertEquals(0.75, Metrics.accuracy(labels, predicted), 1e-12);
        assertEquals(5.0 / 6.0, Metrics.balancedAccuracy(labels, predicted), 1e-12);
        assertEquals(0.75, Metric.ACCURACY.compute(labels, predicted, null), 1e-12);
    }

    @Test
    void balancedAccuracyIgnoresClassesAbsentFromTruth() {
        // class 2 only predicted, never true: recalls of classes 0 and 1 are 1/2 and 1
        assertEquals(0.75, Metrics.balancedAccuracy(new int[] {0, 0, 1}, new int[] {0, 2, 1}), 1e-12);
    }

    @Test
    void binaryAucCountsTiesAsOneHalf() {
        boolean[] positive = {true, false, true, false, true};
        double[] scores = {0.9, 0.4, 0.4, 0.1, 0.8};
        // positive/negative pairs: (0.9,0.4)=1 (0.9,0.1)=1 (0.4,0.4)=1/2 (0.4,0.1)=1 (0.8,0.4)=1 (0.8,0.1)=1
        // -> 5.5 of 6 pairs
        assertEquals(5.5 / 6.0, Metrics.rocAuc(positive, scores), 1e-12);
    }

    @Test
    void aucExtremesAndUndefinedCase() {
        assertEquals(1.0, Metrics.rocAuc(new boolean[] {false, true}, new double[] {0, 1}), 1e-12);
        assertEquals(0.0, Metrics.rocAuc(new boolean[] {false, true}, new double[] {1, 0}), 1e-12);
        assertEquals(0.5, Metrics.rocAuc(new boolean[] {false, true, true}, new double[] {3, 3, 3}), 1e-12);
        assertTrue(Double.isNaN(Metrics.rocAuc(new boolean[] {true, true}, new double[] {0, 1})));
    }

    @Test
    void midRanksAverageTies() {
        assertArrayEquals(new double[] {4, 2.5, 2.5, 1}, Metrics.midRanks(new double[] {9, 5, 5, 1}), 1e-12);
    }

    @Test
    void macroOneVsRestAucOnThreeClasses() {
        int[] labels = {0, 1, 2, 0, 1, 2};
        double[][] scores = {
            {0.7, 0.2, 0.1}, {0.3, 0.5, 0.2}, {0.2, 0.3, 0.5}, {0.4, 0.4, 0.2}, {0.5, 0.3, 0.2}, {0.1, 0.2, 0.7}};
        // class 0: positives {0.7, 0.4} vs negatives {0.3, 0.2, 0.5, 0.1}: 4 + 3 = 7 of 8
        // class 1: positives {0.5, 0.3} vs negatives {0.2, 0.3, 0.4, 0.2}: 4 + (2 + 1/2) = 6.5 of 8
        // class 2: positives {0.5, 0.7} vs negatives {0.1, 0.2, 0.2, 0.2}: 8 of 8
        double expected = (7.0 / 8 + 6.5 / 8 + 1.0) / 3;
        assertEquals(expected, Metrics.macroOneVsRestAuc(labels, scores), 1e-12);
        assertEquals(expected, Metric.AUC.compute(labels, new int[6], scores), 1e-12);
    }

    @Test
    void binaryAucUsesTheScoreOfClassOne() {
        int[] labels = {1, 0, 1, 0, 1};
        double[][] scores = {{0.1, 0.9}, {0.6, 0.4}, {0.6, 0.4}, {0.9, 0.1}, {0.2, 0.8}};
        assertEquals(5.5 / 6.0, Metrics.auc(labels, scores), 1e-12);
    }

    @Test
    void lengthMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[2], new int[3]));
    }

    @Test
    void metricNamesRoundTrip() {
        for (Metric metric : Metric.values()) {
            assertEquals(metric, Metric.fromColumnName(metric.columnName()));
        }
    }
}

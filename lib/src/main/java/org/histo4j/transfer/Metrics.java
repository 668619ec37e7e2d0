package org.histo4j.transfer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Classification metrics computed from true labels, predicted labels and per-class scores.
 *
 * <ul>
 *   <li>accuracy = (1/n) &Sigma;<sub>i</sub> [y<sub>i</sub> = &ycirc;<sub>i</sub>];</li>
 *   <li>balanced accuracy = mean over the classes present in y of the recall
 *       |{i : y<sub>i</sub> = c, &ycirc;<sub>i</sub> = c}| / |{i : y<sub>i</sub> = c}|;</li>
 *   <li>binary ROC AUC as the Mann-Whitney statistic: the probability that a positive scores above a negative,
 *       ties counting one half: AUC = (R<sub>+</sub> &minus; n<sub>+</sub>(n<sub>+</sub>+1)/2) /
 *       (n<sub>+</sub> n<sub>&minus;</sub>), R<sub>+</sub> the sum of the positives' mid-ranks among all scores;</li>
 *   <li>macro one-vs-rest AUC: the mean over classes c of the binary AUC of "class c versus the rest" scored
 *       by column c of the scores, over the classes that have both positives and negatives in y.</li>
 * </ul>
 */
public final class Metrics {

    private Metrics() {}

    /** The fraction of predictions equal to the true label. */
    public static double accuracy(int[] labels, int[] predicted) {
        checkSameLength(labels.length, predicted.length, "predicted");
        long correct = IntStream.range(0, labels.length).filter(i -> labels[i] == predicted[i]).count();
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }

    /** The mean per-class recall over the classes present in {@code labels}. */
    public static double balancedAccuracy(int[] labels, int[] predicted) {
        checkSameLength(labels.length, predicted.length, "predicted");
        int[] classes = IntStream.of(labels).distinct().sorted().toArray();
        double sum = 0;
        for (int c : classes) {
            long total = IntStream.of(labels).filter(y -> y == c).count();
            long hits = IntStream.range(0, labels.length).filter(i -> labels[i] == c && predicted[i] == c).count();
            sum += (double) hits / total;
        }
        return classes.length == 0 ? Double.NaN : sum / classes.length;
    }

    /**
     * The binary ROC AUC (Mann-Whitney statistic, ties counted as one half); NaN when there are no positives
     * or no negatives.
     */
    public static double rocAuc(boolean[] positive, double[] scores) {
        checkSameLength(positive.length, scores.length, "scores");
        double[] ranks = midRanks(scores);
        long nPos = 0;
        double rankSum = 0;
        for (int i = 0; i < positive.length; i++) {
            if (positive[i]) {
                nPos++;
                rankSum += ranks[i];
            }
        }
        long nNeg = positive.length - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (rankSum - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    /** The binary ROC AUC of "label equals {@code positiveClass}" scored by {@code scores}. */
    public static double rocAuc(int[] labels, int positiveClass, double[] scores) {
        boolean[] positive = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            positive[i] = labels[i] == positiveClass;
        }
        return rocAuc(positive, scores);
    }

    /**
     * The macro one-vs-rest ROC AUC: {@code scores[i][c]} is the score of sample i for class c; classes without
     * positives or without negatives in {@code labels} are left out of the mean (NaN if none is left).
     */
    public static double macroOneVsRestAuc(int[] labels, double[][] scores) {
        checkSameLength(labels.length, scores.length, "scores");
        int numClasses = scores.length == 0 ? 0 : scores[0].length;
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < numClasses; c++) {
            final int k = c;
            double auc = rocAuc(labels, c, Arrays.stream(scores).mapToDouble(row -> row[k]).toArray());
            if (!Double.isNaN(auc)) {
                sum += auc;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * The ROC AUC of a classifier with per-class scores: binary AUC on the score of class 1 when there are two
     * classes, macro one-vs-rest AUC otherwise.
     */
    public static double auc(int[] labels, double[][] scores) {
        if (scores.length > 0 && scores[0].length == 2) {
            return rocAuc(labels, 1, Arrays.stream(scores).mapToDouble(row -> row[1]).toArray());
        }
        return macroOneVsRestAuc(labels, scores);
    }

    /** Ranks 1..n of the values, tied values sharing the mean of their ranks. */
    static double[] midRanks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++) {
                ranks[order[j]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static void checkSameLength(int expected, int actual, String what) {
        if (expected != actual) {
            throw new IllegalArgumentException(what + " has " + actual + " entries but labels have " + expected);
        }
    }
}

package org.histo4j.transfer;

/**
 * A classifier's output on some rows: the predicted class and a score per class ({@code scores[i][c]}, higher
 * meaning more likely class c) for each row.
 *
 * @param rows the rows predicted, as indices into the feature set
 * @param predicted the predicted class of each row
 * @param scores per-class scores of each row: probabilities for logistic regression, decision values for SVMs
 */
public record Predictions(int[] rows, int[] predicted, double[][] scores) {

    /** Checks that the three arrays describe the same rows. */
    public Predictions {
        if (rows.length != predicted.length || rows.length != scores.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + predicted.length + " predictions and "
                    + scores.length + " score rows");
        }
    }

    /** The value of {@code metric} against the true labels of these rows. */
    public double evaluate(Metric metric, int[] allLabels) {
        int[] truth = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            truth[i] = allLabels[rows[i]];
        }
        return metric.compute(truth, predicted, scores);
    }
}

package org.histo4j.transfer;

/**
 * A named evaluation metric of a classifier's predictions, as written in the {@code metric} column of result
 * tables. Every metric here is "higher is better"; the formulas are in {@link Metrics}.
 */
public enum Metric {
    /** The fraction of correct predictions. */
    ACCURACY("accuracy"),
    /** The mean per-class recall. */
    BALANCED_ACCURACY("balanced_accuracy"),
    /** Binary ROC AUC for two classes, macro one-vs-rest ROC AUC for more. */
    AUC("auc");

    private final String columnName;

    Metric(String columnName) {
        this.columnName = columnName;
    }

    /** The name written in result tables, e.g. {@code "balanced_accuracy"}. */
    public String columnName() {
        return columnName;
    }

    /** Computes this metric from true labels, predicted labels and per-class scores ({@code scores[i][c]}). */
    public double compute(int[] labels, int[] predicted, double[][] scores) {
        return switch (this) {
            case ACCURACY -> Metrics.accuracy(labels, predicted);
            case BALANCED_ACCURACY -> Metrics.balancedAccuracy(labels, predicted);
            case AUC -> Metrics.auc(labels, scores);
        };
    }

    /** The metric written as {@code name} in result tables. */
    public static Metric fromColumnName(String name) {
        for (Metric metric : values()) {
            if (metric.columnName.equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'");
    }
}

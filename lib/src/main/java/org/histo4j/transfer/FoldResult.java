package org.histo4j.transfer;

import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of one outer fold of a probe's cross-validation.
 *
 * @param fold the fold number
 * @param c the regularisation constant chosen for this fold
 * @param metrics the value of every {@link Metric} on the fold's test rows
 * @param predictions the predictions on the test rows
 */
public record FoldResult(int fold, double c, Map<Metric, Double> metrics, Predictions predictions) {

    /** Copies the metrics. */
    public FoldResult {
        metrics = Map.copyOf(metrics);
    }

    /** Evaluates all metrics of {@code predictions} against {@code labels} (indexed by row). */
    public static FoldResult of(int fold, double c, Predictions predictions, int[] labels) {
        Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            metrics.put(metric, predictions.evaluate(metric, labels));
        }
        return new FoldResult(fold, c, metrics, predictions);
    }

    /** The value of one metric. */
    public double metric(Metric metric) {
        return metrics.get(metric);
    }
}

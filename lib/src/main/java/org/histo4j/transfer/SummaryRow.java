package org.histo4j.transfer;

/**
 * One line of a results summary: for an encoder, task, mode and metric, the mean and standard deviation over
 * seeds of the per-seed mean over folds.
 *
 * @param encoder the encoder name
 * @param task the task name
 * @param mode how the encoder was evaluated ({@code "logistic"}, {@code "svm"}, {@code "finetune"}...)
 * @param metric the metric name, as in {@link Metric#columnName()}
 * @param mean the mean over seeds
 * @param std the sample standard deviation over seeds (n &minus; 1 denominator; NaN for a single seed)
 * @param seeds the number of seeds
 */
public record SummaryRow(String encoder, String task, String mode, String metric, double mean, double std,
        int seeds) {

    /** Whether this row and {@code other} are the same candidate model (same encoder and mode). */
    public boolean sameCandidate(SummaryRow other) {
        return encoder.equals(other.encoder) && mode.equals(other.mode);
    }
}

package org.histo4j.train.bn;

/**
 * Per-channel statistics of a batch-norm layer's input: the mean and the (unbiased, as PyTorch keeps it) variance,
 * averaged over the batches measured.
 *
 * @param mean per-channel mean
 * @param variance per-channel variance
 * @param batches how many batches were averaged
 */
public record Moments(float[] mean, float[] variance, int batches) {

    /** Copies the arrays and checks that they have one value per channel each. */
    public Moments {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels, variance " + variance.length);
        }
        mean = mean.clone();
        variance = variance.clone();
    }

    /** The mean of each channel (a copy). */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** The variance of each channel (a copy). */
    @Override
    public float[] variance() {
        return variance.clone();
    }
}

package org.histo4j.transfer;

/**
 * Feature standardisation fitted on training rows only: z<sub>j</sub> = (x<sub>j</sub> &minus; &mu;<sub>j</sub>) /
 * &sigma;<sub>j</sub>, with &mu;<sub>j</sub> and &sigma;<sub>j</sub> the mean and population standard deviation of
 * feature j over the training rows (&sigma;<sub>j</sub> = 1 for a constant feature). Computed in double precision.
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Fits the means and standard deviations on the given rows of {@code features}. */
    public static Standardizer fit(float[][] features, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot standardise on 0 training rows");
        }
        int d = features[rows[0]].length;
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (int row : rows) {
            float[] x = features[row];
            for (int j = 0; j < d; j++) {
                mean[j] += x[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (int row : rows) {
            float[] x = features[row];
            for (int j = 0; j < d; j++) {
                double centred = x[j] - mean[j];
                sq[j] += centred * centred;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(sq[j] / rows.length);
            scale[j] = std > 0 ? std : 1;
        }
        return new Standardizer(mean, scale);
    }

    /** The number of features this standardiser expects. */
    public int dimension() {
        return mean.length;
    }

    /** The standardised copy of one feature row. */
    public double[] apply(float[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, expected " + mean.length);
        }
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - mean[j]) / scale[j];
        }
        return z;
    }
}

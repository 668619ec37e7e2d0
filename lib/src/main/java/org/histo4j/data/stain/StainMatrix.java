package org.histo4j.data.stain;

import java.util.Arrays;

/**
 * The optical-density unit vectors of hematoxylin and eosin in one image, as Macenko et al. (2009) estimate them,
 * with the 99th percentiles of the two stains' concentrations.
 *
 * <p>Estimation: take the tissue pixels ({@code |OD| >= beta}), with every OD channel clipped at {@code maxOd};
 * find the plane of the two largest eigenvectors {@code e1, e2} of their covariance (each turned to a positive
 * component sum); project each pixel onto it and take its angle {@code phi = atan2(OD.e2, OD.e1)}; the stain
 * vectors are {@code cos(phi) e1 + sin(phi) e2} at the {@code alpha}-th and {@code (100 - alpha)}-th percentiles of
 * {@code phi}. The one with the larger red OD component is hematoxylin (it absorbs red light, eosin hardly does),
 * which orders the two deterministically. Concentrations are the least-squares solution
 * {@code C = (S'S)^-1 S' OD} with {@code S = [h e]}. The estimate is degenerate (null) when the second eigenvalue is
 * below 1e-6 of the first, the two vectors are less than 1 degree apart, a vector has a clearly negative
 * component, or a concentration percentile is not positive.
 *
 * @param hematoxylin    the unit OD vector of hematoxylin (R, G, B)
 * @param eosin          the unit OD vector of eosin
 * @param maxH           the 99th percentile of the hematoxylin concentration on tissue
 * @param maxE           the 99th percentile of the eosin concentration on tissue
 */
public record StainMatrix(double[] hematoxylin, double[] eosin, double maxH, double maxE) {

    /** Checks the shapes and copies the arrays. */
    public StainMatrix {
        if (hematoxylin.length != 3 || eosin.length != 3) {
            throw new IllegalArgumentException("stain vectors need 3 components");
        }
        hematoxylin = hematoxylin.clone();
        eosin = eosin.clone();
    }

    /** The hematoxylin vector (a copy). */
    @Override
    public double[] hematoxylin() {
        return hematoxylin.clone();
    }

    /** The eosin vector (a copy). */
    @Override
    public double[] eosin() {
        return eosin.clone();
    }

    /**
     * Estimates the stains of the tissue pixels of {@code od} ({@code od[3 * i + c]}, all pixels), or returns
     * {@code null} when they cannot be estimated (see the class comment).
     */
    static StainMatrix estimate(double[] od, double beta, double alpha, double maxOd) {
        int n = od.length / 3;
        double[] mean = new double[3];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                count++;
                for (int c = 0; c < 3; c++) {
                    mean[c] += Math.min(od[3 * i + c], maxOd);
                }
            }
        }
        if (count < 16) {
            return null;
        }
        double[][] cov = new double[3][3];
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                for (int a = 0; a < 3; a++) {
                    double da = Math.min(od[3 * i + a], maxOd) - mean[a] / count;
                    for (int b = a; b < 3; b++) {
                        cov[a][b] += da * (Math.min(od[3 * i + b], maxOd) - mean[b] / count);
                    }
                }
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[] values = new double[3];
        double[][] vectors = StainMath.eigenSymmetric(cov, values);
        if (!(values[1] > 1e-6 * values[0]) || !(values[0] > 0)) {
            return null;
        }
        double[] e1 = positive(vectors[0]);
        double[] e2 = positive(vectors[1]);
        double[] phi = new double[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                double x = 0;
                double y = 0;
                for (int c = 0; c < 3; c++) {
                    double v = Math.min(od[3 * i + c], maxOd);
                    x += v * e1[c];
                    y += v * e2[c];
                }
                phi[k++] = Math.atan2(y, x);
            }
        }
        double lo = StainMath.percentile(phi, count, alpha);
        double hi = StainMath.percentile(phi, count, 100 - alpha);
        double[] v1 = positive(along(e1, e2, lo));
        double[] v2 = positive(along(e1, e2, hi));
        if (StainMath.angleDegrees(v1, v2) < 1 || negative(v1) || negative(v2)) {
            return null;
        }
        boolean firstIsH = v1[0] > v2[0];
        double[] h = firstIsH ? v1 : v2;
        double[] e = firstIsH ? v2 : v1;
        return withMaxima(h, e, od, beta, maxOd);
    }

    /** The matrix of {@code h} and {@code e} with the 99th concentration percentiles of the tissue of {@code od}. */
    static StainMatrix withMaxima(double[] h, double[] e, double[] od, double beta, double maxOd) {
        int n = od.length / 3;
        double[] p = new StainMatrix(h, e, 1, 1).unmixing();
        double[] ch = new double[n];
        double[] ce = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                double r = Math.min(od[3 * i], maxOd);
                double g = Math.min(od[3 * i + 1], maxOd);
                double b = Math.min(od[3 * i + 2], maxOd);
                ch[count] = p[0] * r + p[1] * g + p[2] * b;
                ce[count] = p[3] * r + p[4] * g + p[5] * b;
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        double maxH = StainMath.percentile(ch, count, 99);
        double maxE = StainMath.percentile(ce, count, 99);
        return maxH > 0 && maxE > 0 ? new StainMatrix(h, e, maxH, maxE) : null;
    }

    /**
     * The rows of {@code (S'S)^-1 S'} ({@code S = [h e]}): concentrations are {@code c_H = p[0..2] . OD} and
     * {@code c_E = p[3..5] . OD}.
     */
    double[] unmixing() {
        double hh = dot(hematoxylin, hematoxylin);
        double ee = dot(eosin, eosin);
        double he = dot(hematoxylin, eosin);
        double det = hh * ee - he * he;
        double[] p = new double[6];
        for (int c = 0; c < 3; c++) {
            p[c] = (ee * hematoxylin[c] - he * eosin[c]) / det;
            p[3 + c] = (hh * eosin[c] - he * hematoxylin[c]) / det;
        }
        return p;
    }

    /** Equal vectors (component by component) and percentiles. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StainMatrix m && Arrays.equals(hematoxylin, m.hematoxylin)
                && Arrays.equals(eosin, m.eosin) && maxH == m.maxH && maxE == m.maxE;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hematoxylin) * 31 + Arrays.hashCode(eosin) * 7 + Double.hashCode(maxH + 3 * maxE);
    }

    /** The vectors and percentiles, for messages and run configurations. */
    @Override
    public String toString() {
        return "StainMatrix[H=" + Arrays.toString(hematoxylin) + ", E=" + Arrays.toString(eosin) + ", maxH=" + maxH
                + ", maxE=" + maxE + "]";
    }

    /** The angle in degrees between this matrix's hematoxylin (or eosin) vector and another's. */
    public double angleTo(StainMatrix other, boolean hematoxylinVector) {
        return hematoxylinVector ? StainMath.angleDegrees(hematoxylin, other.hematoxylin)
                : StainMath.angleDegrees(eosin, other.eosin);
    }

    private static double[] along(double[] e1, double[] e2, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        return StainMath.unit(new double[] {cos * e1[0] + sin * e2[0], cos * e1[1] + sin * e2[1],
            cos * e1[2] + sin * e2[2]});
    }

    private static double[] positive(double[] v) {
        return v[0] + v[1] + v[2] < 0 ? new double[] {-v[0], -v[1], -v[2]} : v;
    }

    private static boolean negative(double[] v) {
        return v[0] < -0.1 || v[1] < -0.1 || v[2] < -0.1;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}

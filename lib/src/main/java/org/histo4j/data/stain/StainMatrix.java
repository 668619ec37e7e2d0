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

    /** The most alternation rounds of {@link #estimateSparse}. */
    static final int SPARSE_ITERATIONS = 100;

    /**
     * Estimates the stains of the tissue pixels of {@code od} as Vahadane et al. (2016) do: the non-negative sparse
     * factorisation {@code OD ~ C S'} minimising {@code 1/2 |OD - C S'|^2 + lambda |C|_1} with {@code C >= 0} and
     * non-negative unit stain vectors (StainTools' {@code spams.trainDL} problem, lambda 0.1 there). It alternates
     * the exact two-stain lasso of every pixel ({@link #sparseConcentrations}) with one block-coordinate update of
     * each vector, from Macenko's estimate (or {@link MacenkoNormalizer#STANDARD}'s vectors when that fails), until
     * neither vector turns by more than 1e-4 degrees, at most {@value #SPARSE_ITERATIONS} rounds. The ordering,
     * the percentiles and the degenerate cases are Macenko's (see the class comment). Returns {@code null} when the
     * stains cannot be estimated.
     */
    static StainMatrix estimateSparse(double[] od, double beta, double lambda, double maxOd) {
        double[] x = tissue(od, beta, maxOd);
        int n = x.length / 3;
        if (n < 16) {
            return null;
        }
        StainMatrix start = estimate(od, beta, 1, maxOd);
        double[] d1 = start != null ? start.hematoxylin() : MacenkoNormalizer.STANDARD.hematoxylin();
        double[] d2 = start != null ? start.eosin() : MacenkoNormalizer.STANDARD.eosin();
        for (int round = 0; round < SPARSE_ITERATIONS; round++) {
            double a11 = 0;
            double a12 = 0;
            double a22 = 0;
            double[] b1 = new double[3];
            double[] b2 = new double[3];
            for (int i = 0; i < n; i++) {
                double[] pixel = {x[3 * i], x[3 * i + 1], x[3 * i + 2]};
                double[] c = sparseConcentrations(d1, d2, pixel, lambda);
                a11 += c[0] * c[0];
                a12 += c[0] * c[1];
                a22 += c[1] * c[1];
                for (int k = 0; k < 3; k++) {
                    b1[k] += pixel[k] * c[0];
                    b2[k] += pixel[k] * c[1];
                }
            }
            double[] n1 = updatedAtom(d1, d2, b1, a11, a12);
            double[] n2 = updatedAtom(d2, n1, b2, a22, a12);
            boolean settled = StainMath.angleDegrees(n1, d1) < 1e-4 && StainMath.angleDegrees(n2, d2) < 1e-4;
            d1 = n1;
            d2 = n2;
            if (settled) {
                break;
            }
        }
        if (StainMath.angleDegrees(d1, d2) < 1) {
            return null;
        }
        boolean firstIsH = d1[0] > d2[0];
        return withMaxima(firstIsH ? d1 : d2, firstIsH ? d2 : d1, od, beta, maxOd);
    }

    /**
     * The concentrations {@code c >= 0} minimising {@code 1/2 |x - c1 d1 - c2 d2|^2 + lambda (c1 + c2)} for unit
     * vectors {@code d1, d2}, exactly: the unconstrained solution when both are positive, else the better of the two
     * one-stain solutions (the problem is convex, so its minimum lies on one of those faces).
     */
    static double[] sparseConcentrations(double[] d1, double[] d2, double[] x, double lambda) {
        double g = dot(d1, d2);
        double b1 = dot(d1, x) - lambda;
        double b2 = dot(d2, x) - lambda;
        double det = 1 - g * g;
        if (det > 1e-12) {
            double c1 = (b1 - g * b2) / det;
            double c2 = (b2 - g * b1) / det;
            if (c1 > 0 && c2 > 0) {
                return new double[] {c1, c2};
            }
        }
        double only1 = Math.max(0, b1);
        double only2 = Math.max(0, b2);
        // objective up to the constant |x|^2 / 2 on each face: c^2 / 2 - (b + lambda) c + lambda c = c^2 / 2 - b c
        return only1 * only1 / 2 - b1 * only1 <= only2 * only2 / 2 - b2 * only2 ? new double[] {only1, 0}
                : new double[] {0, only2};
    }

    /**
     * One block-coordinate step of a stain vector {@code d} (the other being {@code other}) for the sums
     * {@code b = sum x c_d}, {@code a = sum c_d^2}, {@code across = sum c_d c_other}: {@code d + (b - d a - other
     * across) / a}, its negative components set to 0, scaled to unit length. Unchanged when no pixel uses it.
     */
    private static double[] updatedAtom(double[] d, double[] other, double[] b, double a, double across) {
        if (!(a > 0)) {
            return d;
        }
        double[] u = new double[3];
        for (int k = 0; k < 3; k++) {
            u[k] = Math.max(0, d[k] + (b[k] - d[k] * a - other[k] * across) / a);
        }
        return Math.sqrt(dot(u, u)) > 0 ? StainMath.unit(u) : d;
    }

    /** The tissue pixels of {@code od}, each channel clipped at {@code maxOd}, as {@code x[3 * i + c]}. */
    private static double[] tissue(double[] od, double beta, double maxOd) {
        int n = od.length / 3;
        double[] x = new double[3 * StainMath.countTissue(od, beta)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                for (int c = 0; c < 3; c++) {
                    x[k++] = Math.min(od[3 * i + c], maxOd);
                }
            }
        }
        return x;
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

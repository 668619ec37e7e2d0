package org.histo4j.transfer;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Linear centred kernel alignment (Kornblith et al., 2019) between two representations of the same n samples,
 * X (n &times; p) and Y (n &times; q), computed in double precision after centring every column:
 * <pre>
 *   CKA(X, Y) = ||Y<sup>T</sup> X||<sub>F</sub>&sup2; / (||X<sup>T</sup> X||<sub>F</sub> ||Y<sup>T</sup> Y||<sub>F</sub>)
 *             = &lt;K, L&gt;<sub>F</sub> / (||K||<sub>F</sub> ||L||<sub>F</sub>),  K = X X<sup>T</sup>, L = Y Y<sup>T</sup>
 * </pre>
 * The feature form costs O(n (p + q)&sup2;), the Gram form O(n&sup2; (p + q)); the cheaper one is used (the Gram
 * form when n &lt; p + q). CKA lies in [0, 1], is symmetric, and is invariant to orthogonal transforms and
 * isotropic scaling of either representation. It is NaN when a representation is constant.
 */
public final class Cka {

    private Cka() {}

    /** Linear CKA between two float representations of the same samples (rows). */
    public static double linear(float[][] x, float[][] y) {
        return linearCentred(centre(x), centre(y));
    }

    /** Linear CKA between two double representations of the same samples (rows). */
    public static double linear(double[][] x, double[][] y) {
        return linearCentred(centre(x), centre(y));
    }

    /**
     * The CKA of every pair of layers: {@code result[i][j] = CKA(layersA[i], layersB[j])}, all layers holding
     * the same samples in the same order.
     */
    public static double[][] matrix(List<float[][]> layersA, List<float[][]> layersB) {
        List<double[][]> a = layersA.stream().map(Cka::centre).toList();
        List<double[][]> b = layersA == layersB ? a : layersB.stream().map(Cka::centre).toList();
        double[][] result = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                result[i][j] = linearCentred(a.get(i), b.get(j));
            }
        }
        return result;
    }

    /** A CKA matrix as a long table with columns layer_a, layer_b, cka (for heatmaps). */
    public static Table toTable(double[][] cka, List<String> namesA, List<String> namesB) {
        if (cka.length != namesA.size() || (cka.length > 0 && cka[0].length != namesB.size())) {
            throw new IllegalArgumentException("CKA matrix is " + cka.length + " x "
                    + (cka.length == 0 ? 0 : cka[0].length) + " but names are " + namesA.size() + " x "
                    + namesB.size());
        }
        List<String> rows = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < cka.length; i++) {
            for (int j = 0; j < cka[i].length; j++) {
                rows.add(namesA.get(i));
                cols.add(namesB.get(j));
                values.add(cka[i][j]);
            }
        }
        return Table.create("linear CKA", StringColumn.create("layer_a", rows), StringColumn.create("layer_b", cols),
                DoubleColumn.create("cka", values.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    static double linearCentred(double[][] x, double[][] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("representations hold " + x.length + " and " + y.length
                    + " samples; CKA needs the same samples");
        }
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        int q = n == 0 ? 0 : y[0].length;
        return n < p + q ? gramForm(x, y) : featureForm(x, y);
    }

    /** ||Y^T X||^2 / (||X^T X|| ||Y^T Y||) on centred inputs. */
    static double featureForm(double[][] x, double[][] y) {
        double cross = squaredFrobenius(crossProduct(y, x));
        return cross / Math.sqrt(squaredFrobenius(crossProduct(x, x)) * squaredFrobenius(crossProduct(y, y)));
    }

    /** &lt;K, L&gt; / (||K|| ||L||) with K = X X^T, L = Y Y^T on centred inputs. */
    static double gramForm(double[][] x, double[][] y) {
        double[][] k = gram(x);
        double[][] l = gram(y);
        double kl = 0;
        double kk = 0;
        double ll = 0;
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k.length; j++) {
                kl += k[i][j] * l[i][j];
                kk += k[i][j] * k[i][j];
                ll += l[i][j] * l[i][j];
            }
        }
        return kl / Math.sqrt(kk * ll);
    }

    /** A^T B (columns of A by columns of B), accumulated row by row. */
    private static double[][] crossProduct(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] result = new double[p][q];
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            double[] bi = b[i];
            for (int r = 0; r < p; r++) {
                double v = ai[r];
                double[] out = result[r];
                for (int c = 0; c < q; c++) {
                    out[c] += v * bi[c];
                }
            }
        }
        return result;
    }

    /** X X^T. */
    private static double[][] gram(double[][] x) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int d = 0; d < x[i].length; d++) {
                    dot += x[i][d] * x[j][d];
                }
                k[i][j] = dot;
                k[j][i] = dot;
            }
        }
        return k;
    }

    private static double squaredFrobenius(double[][] m) {
        double sum = 0;
        for (double[] row : m) {
            for (double v : row) {
                sum += v * v;
            }
        }
        return sum;
    }

    private static double[][] centre(float[][] x) {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                copy[i][j] = x[i][j];
            }
        }
        return centreInPlace(copy);
    }

    private static double[][] centre(double[][] x) {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return centreInPlace(copy);
    }

    private static double[][] centreInPlace(double[][] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("CKA needs at least 2 samples, got " + x.length);
        }
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("ragged representation: rows of " + p + " and " + row.length
                        + " values");
            }
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] -= mean[j] / x.length;
            }
        }
        return x;
    }
}

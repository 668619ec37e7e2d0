package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class CkaTest {

    @Test
    void handWorkedExample() {
        // X = [[1,0],[0,1],[2,2]]: column means (1, 1), centred [[0,-1],[-1,0],[1,1]]
        // Y = [[1],[2],[6]]: mean 3, centred [-2,-1,3]
        // Y^T X = [0+1+3, 2+0+3] = [4, 5]               -> ||Y^T X||^2 = 16 + 25 = 41
        // X^T X = [[2,1],[1,2]]                           -> ||X^T X|| = sqrt(4+1+1+4) = sqrt(10)
        // Y^T Y = 4 + 1 + 9 = 14                          -> ||Y^T Y|| = 14
        // CKA = 41 / (14 sqrt(10)) = 0.926095600...
        double[][] x = {{1, 0}, {0, 1}, {2, 2}};
        double[][] y = {{1}, {2}, {6}};
        assertEquals(41 / (14 * Math.sqrt(10)), Cka.linear(x, y), 1e-12);
    }

    @Test
    void oneDimensionalCkaIsSquaredCorrelation() {
        // centred x = [-1,0,1], y = [-1,1,0]: (y.x)^2 / (|x|^2 |y|^2) = 1 / (2 * 2) = corr^2 = 0.25
        assertEquals(0.25, Cka.linear(new double[][] {{1}, {2}, {3}}, new double[][] {{1}, {3}, {2}}), 1e-12);
    }

    @Test
    void selfSimilarityIsOneAndCkaIsSymmetric() {
        double[][] x = random(30, 7, 1L);
        double[][] y = random(30, 4, 2L);
        assertEquals(1.0, Cka.linear(x, x), 1e-12);
        assertEquals(Cka.linear(x, y), Cka.linear(y, x), 1e-12);
        double value = Cka.linear(x, y);
        assertTrue(value > 0 && value < 1, "CKA of independent noise " + value);
    }

    @Test
    void invariantToRotationIsotropicScalingAndShift() {
        double[][] x = random(25, 6, 3L);
        double[][] y = random(25, 5, 4L);
        double[][] rotated = multiply(x, orthogonal(6, 5L));
        double[][] scaledShifted = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                scaledShifted[i][j] = 3.7 * x[i][j] + 11;
            }
        }
        assertEquals(1.0, Cka.linear(x, rotated), 1e-10);
        assertEquals(Cka.linear(x, y), Cka.linear(rotated, y), 1e-10);
        assertEquals(Cka.linear(x, y), Cka.linear(scaledShifted, y), 1e-10);
    }

    @Test
    void notInvariantToAnisotropicScaling() {
        double[][] x = random(25, 3, 6L);
        double[][] stretched = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            stretched[i] = new double[] {10 * x[i][0], x[i][1], x[i][2]};
        }
        assertTrue(Cka.linear(x, stretched) < 0.99);
    }

    @Test
    void gramAndFeatureFormsAgree() {
        double[][] x = centred(random(6, 10, 7L));
        double[][] y = centred(random(6, 8, 8L));
        assertEquals(Cka.featureForm(x, y), Cka.gramForm(x, y), 1e-10);
    }

    @Test
    void layerMatrixHasOnesOnItsDiagonal() {
        Random random = new Random(9);
        List<float[][]> layers = List.of(randomFloat(20, 5, random), randomFloat(20, 12, random),
                randomFloat(20, 30, random));
        double[][] m = Cka.matrix(layers, layers);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, m[i][i], 1e-6);
            for (int j = 0; j < 3; j++) {
                assertEquals(m[i][j], m[j][i], 1e-10);
            }
        }
        Table table = Cka.toTable(m, List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertEquals(9, table.rowCount());
    }

    @Test
    void differentSampleCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Cka.linear(random(4, 2, 1L), random(5, 2, 1L)));
    }

    private static double[][] random(int n, int p, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static float[][] randomFloat(int n, int p, Random random) {
        float[][] x = new float[n][p];
        for (float[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static double[][] centred(double[][] x) {
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / x.length;
            }
            for (double[] row : x) {
                row[j] -= mean;
            }
        }
        return x;
    }

    /** A random orthogonal matrix: Gram-Schmidt on the columns of a Gaussian matrix. */
    private static double[][] orthogonal(int d, long seed) {
        double[][] a = random(d, d, seed);
        double[][] q = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] v = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = a[r][c];
            }
            for (int k = 0; k < c; k++) {
                double dot = 0;
                for (int r = 0; r < d; r++) {
                    dot += v[r] * q[r][k];
                }
                for (int r = 0; r < d; r++) {
                    v[r] -= dot * q[r][k];
                }
            }
            double norm = 0;
            for (double value : v) {
                norm += value * value;
            }
            for (int r = 0; r < d; r++) {
                q[r][c] = v[r] / Math.sqrt(norm);
            }
        }
        return q;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}

package org.histo4j.data.stain;

import java.util.Arrays;
import org.histo4j.data.image.Patch;

/**
 * The arithmetic the normalisers share: optical density {@code OD_c = -ln(max(I_c, 1/255))} (Beer-Lambert, so
 * stains add in OD), the tissue mask ({@code |OD| >= beta}), CIE L*a*b* under D65 from sRGB, a symmetric 3x3
 * eigen-decomposition (cyclic Jacobi), and percentiles by linear interpolation between order statistics (numpy's
 * default).
 *
 * <p>Speed: images reach a normaliser right after decoding, so their values are 8-bit levels {@code k / 255}; the
 * per-pixel optical density and sRGB linearisation are 256-entry tables indexed by the nearest level (a value
 * between levels is rounded to it, at most half a grey level away), sRGB companding on the way back is a
 * 65,537-entry table with linear interpolation (error below 1e-6), and percentiles come from selection
 * (expected linear time) instead of a full sort.
 */
final class StainMath {

    /** The smallest intensity used in OD, so that black pixels give a finite OD of {@code ln 255}. */
    static final double MIN_INTENSITY = 1 / 255.0;

    private static final double[][] XYZ_FROM_RGB = {{0.4124564, 0.3575761, 0.1804375},
        {0.2126729, 0.7151522, 0.0721750}, {0.0193339, 0.1191920, 0.9503041}};
    private static final double[][] RGB_FROM_XYZ = invert(XYZ_FROM_RGB);
    private static final double[] WHITE = {0.95047, 1.0, 1.08883};

    /** {@code -ln(max(k / 255, 1 / 255))} for each 8-bit level {@code k}. */
    private static final double[] OD_OF_LEVEL = new double[256];

    /** The linear-light value of each 8-bit sRGB level. */
    private static final double[] LINEAR_OF_LEVEL = new double[256];

    private static final int GAMMA_STEPS = 65536;

    /** sRGB companding of {@code j / GAMMA_STEPS}, for linear interpolation. */
    private static final double[] GAMMA_TABLE = new double[GAMMA_STEPS + 1];

    private static final int CBRT_STEPS = 4096;

    /**
     * The cube root of {@code j / CBRT_STEPS}, for linear interpolation in L*a*b*'s {@code f}: {@code Math.cbrt} took
     * 2.2 of Reinhard's 5.5 ms per 256 px tile. Above f's linear part (t > 0.0089) the interpolation is within 5e-6
     * (h^2 / 8 times the largest |f''|, 587), which moves L* by at most 0.001.
     */
    private static final double[] CBRT_TABLE = new double[CBRT_STEPS + 1];

    static {
        for (int k = 0; k < 256; k++) {
            OD_OF_LEVEL[k] = -Math.log(Math.max(k / 255.0, MIN_INTENSITY));
            LINEAR_OF_LEVEL[k] = linear(k / 255.0);
        }
        for (int j = 0; j <= GAMMA_STEPS; j++) {
            GAMMA_TABLE[j] = gammaExact(j / (double) GAMMA_STEPS);
        }
        for (int j = 0; j <= CBRT_STEPS; j++) {
            CBRT_TABLE[j] = Math.cbrt(j / (double) CBRT_STEPS);
        }
    }

    private StainMath() {}

    /** The nearest 8-bit level of a value in [0, 1] (clamped). */
    static int level(float v) {
        return Math.max(0, Math.min(255, (int) (v * 255 + 0.5f)));
    }

    /** The optical density of an 8-bit level: {@code -ln(max(level / 255, 1 / 255))}. */
    static double opticalDensity(int level) {
        return OD_OF_LEVEL[level];
    }

    /** The optical densities of a patch, pixel-major: {@code od[3 * i + c]}, each value taken at its 8-bit level. */
    static double[] opticalDensity(Patch p) {
        return opticalDensity(packedLevels(p), 1);
    }

    /**
     * The optical densities of every {@code stride}-th pixel (pixel 0, stride, 2 stride, ...) of packed
     * {@code 0xRRGGBB} levels ({@link #packedLevels}, {@link Patch#packedRgb}), pixel-major.
     */
    static double[] opticalDensity(int[] rgb, int stride) {
        int m = (rgb.length + stride - 1) / stride;
        double[] od = new double[3 * m];
        for (int j = 0, i = 0; j < m; j++, i += stride) {
            int pixel = rgb[i];
            od[3 * j] = OD_OF_LEVEL[(pixel >> 16) & 255];
            od[3 * j + 1] = OD_OF_LEVEL[(pixel >> 8) & 255];
            od[3 * j + 2] = OD_OF_LEVEL[pixel & 255];
        }
        return od;
    }

    /** Each pixel of a patch as its nearest 8-bit levels packed into {@code 0xRRGGBB}, row by row. */
    static int[] packedLevels(Patch p) {
        int n = p.width() * p.height();
        float[] in = p.pixels();
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            rgb[i] = level(in[i]) << 16 | level(in[n + i]) << 8 | level(in[2 * n + i]);
        }
        return rgb;
    }

    /** Whether pixel {@code i} is tissue: the norm of its OD is at least {@code beta}. */
    static boolean isTissue(double[] od, int i, double beta) {
        double a = od[3 * i];
        double b = od[3 * i + 1];
        double c = od[3 * i + 2];
        return a * a + b * b + c * c >= beta * beta;
    }

    /** The number of tissue pixels. */
    static int countTissue(double[] od, double beta) {
        int count = 0;
        for (int i = 0; i < od.length / 3; i++) {
            count += isTissue(od, i, beta) ? 1 : 0;
        }
        return count;
    }

    /**
     * The {@code q}-th percentile (q in [0, 100]) of the first {@code n} values, which are reordered in place: the
     * order statistics at {@code floor(rank)} and the next one, by selection, interpolated linearly.
     */
    static double percentile(double[] values, int n, double q) {
        double rank = q / 100 * (n - 1);
        int lo = (int) Math.floor(rank);
        double low = select(values, n, lo);
        if (lo + 1 >= n || rank == lo) {
            return low;
        }
        double next = Double.POSITIVE_INFINITY;
        for (int i = lo + 1; i < n; i++) {
            next = Math.min(next, values[i]);
        }
        return low + (next - low) * (rank - lo);
    }

    /**
     * The {@code k}-th smallest (0-based) of the first {@code n} values by quickselect (median-of-three pivots);
     * afterwards the values before index {@code k} are no larger and those after it no smaller.
     */
    static double select(double[] a, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            if (a[mid] < a[left]) {
                swap(a, mid, left);
            }
            if (a[right] < a[left]) {
                swap(a, right, left);
            }
            if (a[right] < a[mid]) {
                swap(a, right, mid);
            }
            double pivot = a[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** CIE L*a*b* (D65, sRGB companding) of an RGB triple in [0, 1], written to {@code out}. */
    static void lab(double r, double g, double b, double[] out) {
        labOfLinear(linear(r), linear(g), linear(b), out);
    }

    private static void labOfLinear(double lr, double lg, double lb, double[] out) {
        double fx = f((XYZ_FROM_RGB[0][0] * lr + XYZ_FROM_RGB[0][1] * lg + XYZ_FROM_RGB[0][2] * lb) / WHITE[0]);
        double fy = f((XYZ_FROM_RGB[1][0] * lr + XYZ_FROM_RGB[1][1] * lg + XYZ_FROM_RGB[1][2] * lb) / WHITE[1]);
        double fz = f((XYZ_FROM_RGB[2][0] * lr + XYZ_FROM_RGB[2][1] * lg + XYZ_FROM_RGB[2][2] * lb) / WHITE[2]);
        out[0] = 116 * fy - 16;
        out[1] = 500 * (fx - fy);
        out[2] = 200 * (fy - fz);
    }

    /** CIE L*a*b* of an RGB triple taken at its 8-bit levels (the fast path of {@link #lab}). */
    static void labOfLevels(float r, float g, float b, double[] out) {
        labOfLinear(LINEAR_OF_LEVEL[level(r)], LINEAR_OF_LEVEL[level(g)], LINEAR_OF_LEVEL[level(b)], out);
    }

    /** The sRGB triple (not clamped) of an L*a*b* triple, written to {@code out}. */
    static void rgb(double l, double a, double bb, double[] out) {
        double fy = (l + 16) / 116;
        double x = WHITE[0] * fInverse(fy + a / 500);
        double y = WHITE[1] * fInverse(fy);
        double z = WHITE[2] * fInverse(fy - bb / 200);
        for (int c = 0; c < 3; c++) {
            out[c] = gamma(RGB_FROM_XYZ[c][0] * x + RGB_FROM_XYZ[c][1] * y + RGB_FROM_XYZ[c][2] * z);
        }
    }

    private static double linear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** sRGB companding: below 0 gives 12.92 v, within [0, 1] the table, above 1 the formula. */
    private static double gamma(double v) {
        if (v <= 0 || v > 1) {
            return gammaExact(v);
        }
        return interpolate(GAMMA_TABLE, v);
    }

    private static double gammaExact(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(Math.max(v, 0), 1 / 2.4) - 0.055;
    }

    /** L*a*b*'s f: the cube root above 216/24389 (from the table within [0, 1]), linear below. */
    private static double f(double t) {
        if (t <= 216.0 / 24389) {
            return (24389.0 / 27 * t + 16) / 116;
        }
        if (t > 1) {
            return Math.cbrt(t);
        }
        return interpolate(CBRT_TABLE, t);
    }

    /** Linear interpolation at {@code v} in [0, 1] of a table holding a function at {@code j / (length - 1)}. */
    private static double interpolate(double[] table, double v) {
        int steps = table.length - 1;
        double x = v * steps;
        int j = Math.min((int) x, steps - 1);
        return table[j] + (table[j + 1] - table[j]) * (x - j);
    }

    private static double fInverse(double t) {
        return t > 6.0 / 29 ? t * t * t : (116 * t - 16) * 27 / 24389.0;
    }

    /**
     * Eigenvalues (descending) and unit eigenvectors of a symmetric 3x3 matrix by cyclic Jacobi rotations:
     * {@code vectors[k]} belongs to {@code values[k]}.
     */
    static double[][] eigenSymmetric(double[][] matrix, double[] values) {
        double[][] a = {matrix[0].clone(), matrix[1].clone(), matrix[2].clone()};
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[][] vectors = new double[3][3];
        for (int k = 0; k < 3; k++) {
            values[k] = a[order[k]][order[k]];
            for (int c = 0; c < 3; c++) {
                vectors[k][c] = v[c][order[k]];
            }
        }
        return vectors;
    }

    private static void rotate(double[][] a, double[][] v, int p, int q) {
        if (Math.abs(a[p][q]) < 1e-300) {
            return;
        }
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < 3; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** The unit vector along {@code v}. */
    static double[] unit(double[] v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }

    /** The angle in degrees between two vectors. */
    static double angleDegrees(double[] u, double[] v) {
        double[] a = unit(u);
        double[] b = unit(v);
        double dot = Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
        return Math.toDegrees(Math.acos(dot));
    }

    /** The inverse of a 3x3 matrix: its columns are the cross products of pairs of rows, over the determinant. */
    static double[][] invert(double[][] m) {
        double[][] cols = {cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1])};
        double det = m[0][0] * cols[0][0] + m[0][1] * cols[0][1] + m[0][2] * cols[0][2];
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                inv[i][j] = cols[j][i] / det;
            }
        }
        return inv;
    }

    /** The cross product {@code u x v}. */
    static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }
}

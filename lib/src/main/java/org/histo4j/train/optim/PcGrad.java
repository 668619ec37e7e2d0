package org.histo4j.train.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * PCGrad, the gradient surgery of Yu et al. 2020 ("Gradient Surgery for Multi-Task Learning"), on per-task
 * gradients of the shared parameters flattened to vectors. For each task i, starting from g<sub>i</sub><sup>PC</sup>
 * = g<sub>i</sub>, and for each other task j in a random order:
 *
 * <pre>
 * if g_i^PC · g_j &lt; 0:   g_i^PC ← g_i^PC − (g_i^PC · g_j / ‖g_j‖²) g_j
 * </pre>
 *
 * (projecting onto the normal plane of the original g<sub>j</sub>), then the projected gradients are summed, or
 * averaged. Dot products and norms are accumulated in double precision.
 */
public final class PcGrad {

    /** How the projected per-task gradients are combined. */
    public enum Reduction {
        /** Σ<sub>i</sub> g<sub>i</sub><sup>PC</sup>, as in the paper. */
        SUM,
        /** (1/T) Σ<sub>i</sub> g<sub>i</sub><sup>PC</sup>, matching a loss that averages the tasks. */
        MEAN
    }

    private PcGrad() {}

    /** Projects each task's gradient away from the tasks it conflicts with; the inputs are not changed. */
    public static float[][] project(float[][] gradients, RandomGenerator random) {
        int dimension = checkShapes(gradients);
        float[][] projected = new float[gradients.length][];
        for (int i = 0; i < gradients.length; i++) {
            double[] g = toDouble(gradients[i]);
            for (int j : othersInRandomOrder(gradients.length, i, random)) {
                double dot = dot(g, gradients[j]);
                double norm2 = dot(toDouble(gradients[j]), gradients[j]);
                if (dot < 0 && norm2 > 0) {
                    for (int k = 0; k < dimension; k++) {
                        g[k] -= dot / norm2 * gradients[j][k];
                    }
                }
            }
            projected[i] = toFloat(g);
        }
        return projected;
    }

    /** The combined gradient for the shared parameters: the projected gradients summed or averaged. */
    public static float[] combine(float[][] gradients, Reduction reduction, RandomGenerator random) {
        float[][] projected = project(gradients, random);
        double[] total = new double[projected[0].length];
        for (float[] g : projected) {
            for (int k = 0; k < total.length; k++) {
                total[k] += g[k];
            }
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / projected.length : 1.0;
        for (int k = 0; k < total.length; k++) {
            total[k] *= scale;
        }
        return toFloat(total);
    }

    private static int checkShapes(float[][] gradients) {
        if (gradients.length == 0) {
            throw new IllegalArgumentException("no task gradients");
        }
        for (float[] g : gradients) {
            if (g.length != gradients[0].length) {
                throw new IllegalArgumentException("task gradients differ in length: " + g.length + " and "
                        + gradients[0].length);
            }
        }
        return gradients[0].length;
    }

    private static List<Integer> othersInRandomOrder(int tasks, int self, RandomGenerator random) {
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < tasks; j++) {
            if (j != self) {
                others.add(j);
            }
        }
        for (int k = others.size() - 1; k > 0; k--) {
            Collections.swap(others, k, random.nextInt(k + 1));
        }
        return others;
    }

    private static double dot(double[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k];
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }
}

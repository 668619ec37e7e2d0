package org.histo4j.data.stain;

import java.util.random.RandomGenerator;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.PatchTransform;

/**
 * Stain augmentation on Macenko's stain estimate (Tellez et al. 2019; the "stain augmentor" of StainTools): the
 * patch's own hematoxylin and eosin vectors {@code h, e} are estimated ({@link StainMatrix}, on every k-th pixel of
 * patches larger than {@value MacenkoNormalizer#ESTIMATION_SAMPLE} pixels, as {@link MacenkoNormalizer} does) and
 * every pixel's concentrations {@code c} unmixed with them, then each stain {@code k} is perturbed with strength
 * {@code sigma}: {@code c_k' = max(0, a_k c_k + b_k)} with {@code a_k ~ U(1 - sigma, 1 + sigma)},
 * {@code b_k ~ U(-sigma, sigma)} (in OD units), and its vector becomes {@code unit(max(0, v_k + u_k sigma / 2))}
 * with {@code u_k ~ U(-1, 1)^3}, which turns it by at most {@code asin(sigma sqrt(3) / 2)} (10 degrees at
 * {@code sigma = 0.2}). Tissue pixels are rebuilt as {@code OD' = h' c_H' + e' c_E' + r}, where
 * {@code r = OD - h c_H - e c_E} is what the two stains do not explain, so texture outside the stain plane survives;
 * background pixels ({@code |OD| < 0.15}) are kept as they are. A patch whose stains cannot be estimated is returned
 * unchanged. {@code sigma = 0} changes nothing; 0.05 is mild,
 * 0.2 strong (the "light" and "strong" ranges of Tellez et al.).
 *
 * <p>Use it beside the other transforms: {@code Augmentation.builder()...addTransform(StainAugmentation.of(0.1))}.
 */
public final class StainAugmentation implements PatchTransform {

    private static final double BETA = 0.15;
    private static final double MAX_OD = 3;

    private final double strength;

    private StainAugmentation(double strength) {
        this.strength = strength;
    }

    /** Stain augmentation of strength {@code sigma} in [0, 1] (see the class formula). */
    public static StainAugmentation of(double sigma) {
        if (!(sigma >= 0 && sigma <= 1)) {
            throw new IllegalArgumentException("stain augmentation strength must be in [0, 1], got " + sigma);
        }
        return new StainAugmentation(sigma);
    }

    /** The strength {@code sigma}. */
    public double strength() {
        return strength;
    }

    @Override
    public Patch apply(Patch patch, RandomGenerator rng) {
        if (strength == 0) {
            return patch;
        }
        double[] a = new double[2];
        double[] b = new double[2];
        double[][] shift = new double[2][3];
        for (int k = 0; k < 2; k++) {
            a[k] = 1 + uniform(rng, strength);
            b[k] = uniform(rng, strength);
            for (int c = 0; c < 3; c++) {
                shift[k][c] = uniform(rng, strength / 2);
            }
        }
        int[] levels = StainMath.packedLevels(patch);
        // estimated on a sample, as MacenkoNormalizer does (on every pixel it took half the time at 256 px)
        StainMatrix s = StainMatrix.estimate(MacenkoNormalizer.estimationSample(levels), BETA, 1, MAX_OD);
        if (s == null) {
            return patch;
        }
        double[] od = StainMath.opticalDensity(levels, 1);
        double[] p = s.unmixing();
        double[] h = s.hematoxylin();
        double[] e = s.eosin();
        double[] h2 = perturbed(h, shift[0]);
        double[] e2 = perturbed(e, shift[1]);
        float[] out = patch.pixels().clone();
        int n = patch.width() * patch.height();
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, BETA)) {
                double cH = p[0] * od[3 * i] + p[1] * od[3 * i + 1] + p[2] * od[3 * i + 2];
                double cE = p[3] * od[3 * i] + p[4] * od[3 * i + 1] + p[5] * od[3 * i + 2];
                double ch = Math.max(0, a[0] * cH + b[0]);
                double ce = Math.max(0, a[1] * cE + b[1]);
                for (int k = 0; k < 3; k++) {
                    double residual = od[3 * i + k] - h[k] * cH - e[k] * cE;
                    double value = h2[k] * ch + e2[k] * ce + residual;
                    out[k * n + i] = (float) Math.max(0, Math.min(1, Math.exp(-value)));
                }
            }
        }
        return new Patch(patch.width(), patch.height(), out);
    }

    /** {@code stain-augment(sigma)}, for run configurations. */
    @Override
    public String toString() {
        return "stain-augment(" + strength + ")";
    }

    private static double[] perturbed(double[] v, double[] shift) {
        return StainMath.unit(new double[] {Math.max(0, v[0] + shift[0]), Math.max(0, v[1] + shift[1]),
            Math.max(0, v[2] + shift[2])});
    }

    private static double uniform(RandomGenerator rng, double half) {
        return half == 0 ? 0 : (rng.nextDouble() * 2 - 1) * half;
    }
}

package org.histo4j.data.synthetic;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How one laboratory stains: its hematoxylin and eosin optical-density vectors and how strongly each stain takes.
 * The painter draws in the {@link #DEFAULT} lab (the vectors of Ruifrok and Johnston 2001, intensities 1); another
 * lab re-stains each painted pixel by the linear map in optical density ({@code OD = -ln(I / 255)}) that sends the
 * default H vector to {@code i_H h}, the default E vector to {@code i_E e}, and keeps their cross product (what
 * neither stain explains) as it is: {@code OD' = [i_H h, i_E e, n] [h_0, e_0, n]^-1 OD}.
 *
 * <p>Range of real-world variation used by {@link #sample}: each stain vector is
 * {@code unit((1 - t) v_RJ + t v_M)} with {@code t ~ U(0, 1)} drawn per stain, i.e. anywhere between two published
 * reference sets: Ruifrok and Johnston (2001, Anal. Quant. Cytol. Histol. 23:291) H = (0.65, 0.70, 0.29),
 * E = (0.07, 0.99, 0.11), and the reference matrix of the Macenko et al. (2009, ISBI) reference implementation
 * (as shipped by torchstain and StainTools) H = (0.5626, 0.7201, 0.4062), E = (0.2159, 0.8012, 0.5581); the two H
 * vectors are 8.4 degrees apart, the E vectors 29.4 degrees. Intensities are drawn from U(0.8, 1.2), the "strong"
 * HED augmentation range that Tellez et al. (2019, Med. Image Anal. 58:101544) chose to cover the stain variation
 * across their 9 laboratories.
 */
public final class Lab {

    private static final double[] RUIFROK_H = unit(0.65, 0.70, 0.29);
    private static final double[] RUIFROK_E = unit(0.07, 0.99, 0.11);
    private static final double[] MACENKO_H = unit(0.5626, 0.7201, 0.4062);
    private static final double[] MACENKO_E = unit(0.2159, 0.8012, 0.5581);

    /** The painter's own lab: Ruifrok-Johnston vectors, intensities 1; painting with it changes nothing. */
    public static final Lab DEFAULT = new Lab("default", RUIFROK_H, RUIFROK_E, 1, 1);

    /** A lab with the reference vectors of Macenko's reference implementation, intensities 1. */
    public static final Lab MACENKO_REFERENCE = new Lab("macenko-reference", MACENKO_H, MACENKO_E, 1, 1);

    private final String name;
    private final double[] hematoxylin;
    private final double[] eosin;
    private final double hIntensity;
    private final double eIntensity;
    private final double[][] map;

    /**
     * A lab from its H and E OD vectors (any length, all components non-negative) and stain intensities (positive).
     */
    public Lab(String name, double[] hematoxylin, double[] eosin, double hIntensity, double eIntensity) {
        if (name == null || name.isBlank() || hematoxylin.length != 3 || eosin.length != 3) {
            throw new IllegalArgumentException("a lab needs a name and two 3-component stain vectors");
        }
        if (!(hIntensity > 0 && eIntensity > 0) || Arrays.stream(hematoxylin).anyMatch(v -> !(v >= 0))
                || Arrays.stream(eosin).anyMatch(v -> !(v >= 0))) {
            throw new IllegalArgumentException("lab " + name + ": stain vectors must be non-negative and intensities"
                    + " positive, got " + Arrays.toString(hematoxylin) + " " + Arrays.toString(eosin) + " "
                    + hIntensity + " " + eIntensity);
        }
        this.name = name;
        this.hematoxylin = unit(hematoxylin[0], hematoxylin[1], hematoxylin[2]);
        this.eosin = unit(eosin[0], eosin[1], eosin[2]);
        this.hIntensity = hIntensity;
        this.eIntensity = eIntensity;
        this.map = odMap();
    }

    /** A lab drawn from the documented range of real-world variation (see the class comment), from a seed. */
    public static Lab sample(String name, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double th = rng.nextDouble();
        double te = rng.nextDouble();
        double ih = 0.8 + 0.4 * rng.nextDouble();
        double ie = 0.8 + 0.4 * rng.nextDouble();
        return new Lab(name, between(RUIFROK_H, MACENKO_H, th), between(RUIFROK_E, MACENKO_E, te), ih, ie);
    }

    /** The lab's name, part of the location of every image painted in it. */
    public String name() {
        return name;
    }

    /** The unit hematoxylin OD vector (a copy). */
    public double[] hematoxylin() {
        return hematoxylin.clone();
    }

    /** The unit eosin OD vector (a copy). */
    public double[] eosin() {
        return eosin.clone();
    }

    /** The factor on hematoxylin concentrations. */
    public double hematoxylinIntensity() {
        return hIntensity;
    }

    /** The factor on eosin concentrations. */
    public double eosinIntensity() {
        return eIntensity;
    }

    /** Whether painting in this lab changes nothing (the default lab's vectors and intensities). */
    public boolean isDefault() {
        return close(hematoxylin, RUIFROK_H) && close(eosin, RUIFROK_E) && hIntensity == 1 && eIntensity == 1;
    }

    /** Re-stains one painted pixel (channels in 0..255) into this lab; returns it packed as {@code 0xRRGGBB}. */
    int restain(float r, float g, float b) {
        double odR = -Math.log(Math.max(1f, r) / 255.0);
        double odG = -Math.log(Math.max(1f, g) / 255.0);
        double odB = -Math.log(Math.max(1f, b) / 255.0);
        int packed = 0;
        for (int c = 0; c < 3; c++) {
            double od = map[c][0] * odR + map[c][1] * odG + map[c][2] * odB;
            double v = 255 * Math.exp(-od);
            packed = packed << 8 | (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
        }
        return packed;
    }

    /** The OD map {@code [i_H h, i_E e, n] [h_0, e_0, n]^-1}, {@code n} the unit cross product of the defaults. */
    private double[][] odMap() {
        double[] n = cross(RUIFROK_H, RUIFROK_E);
        double[] nUnit = unit(n[0], n[1], n[2]);
        double[][] from = new double[3][];
        from[0] = RUIFROK_H;
        from[1] = RUIFROK_E;
        from[2] = nUnit;
        double[][] to = {scaled(hematoxylin, hIntensity), scaled(eosin, eIntensity), nUnit};
        // the inverse of the matrix whose columns are a, b, c has rows (b x c, c x a, a x b) / (a . (b x c))
        double[][] inverseRows = {cross(from[1], from[2]), cross(from[2], from[0]), cross(from[0], from[1])};
        double det = dot(from[0], inverseRows[0]);
        double[][] m = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    m[r][c] += to[k][r] * inverseRows[k][c] / det;
                }
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lab l && name.equals(l.name) && Arrays.equals(hematoxylin, l.hematoxylin)
                && Arrays.equals(eosin, l.eosin) && hIntensity == l.hIntensity && eIntensity == l.eIntensity;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(hematoxylin) * 7 + Arrays.hashCode(eosin);
    }

    /** Name, vectors and intensities, for run configurations. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(H=%s x%.3f, E=%s x%.3f)", name, format(hematoxylin), hIntensity,
                format(eosin), eIntensity);
    }

    private static String format(double[] v) {
        return String.format(Locale.ROOT, "(%.4f, %.4f, %.4f)", v[0], v[1], v[2]);
    }

    /** Equal up to the rounding of normalising a unit vector again. */
    private static boolean close(double[] a, double[] b) {
        return Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12 && Math.abs(a[2] - b[2]) < 1e-12;
    }

    private static double[] between(double[] a, double[] b, double t) {
        return unit((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1], (1 - t) * a[2] + t * b[2]);
    }

    private static double[] scaled(double[] v, double s) {
        return new double[] {v[0] * s, v[1] * s, v[2] * s};
    }

    private static double[] unit(double x, double y, double z) {
        double norm = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / norm, y / norm, z / norm};
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}

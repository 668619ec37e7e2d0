package org.histo4j.data.stain;

import java.util.List;
import org.histo4j.data.image.Patch;

/** Checks and helpers shared by the normalisers' builders. */
final class StainOptions {

    private StainOptions() {}

    /** Validates the options every normaliser has, naming the builder method of a bad value. */
    static void check(double beta, double maxOd, double minTissueFraction) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        if (!(maxOd > beta)) {
            throw new IllegalArgumentException("maxOd must exceed beta (" + beta + "), got " + maxOd);
        }
        if (!(minTissueFraction >= 0 && minTissueFraction <= 1)) {
            throw new IllegalArgumentException("minTissueFraction must be in [0, 1], got " + minTissueFraction);
        }
    }

    /** The optical densities of all the references' pixels, one after another. */
    static double[] pooled(List<Patch> references) {
        int total = 0;
        for (Patch p : references) {
            total += 3 * p.width() * p.height();
        }
        double[] od = new double[total];
        int at = 0;
        for (Patch p : references) {
            double[] one = StainMath.opticalDensity(p);
            System.arraycopy(one, 0, od, at, one.length);
            at += one.length;
        }
        return od;
    }
}

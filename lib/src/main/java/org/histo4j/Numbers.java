package org.histo4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers written for people: three significant digits ({@code 0.757}, not {@code 0.7574074074074074}), a mean
 * and its standard deviation in one cell ({@code 0.757 ± 0.0131}). Files meant for programs (CSV, JSON) keep full
 * precision; tables shown in reports, notebooks and on the terminal use this.
 */
public final class Numbers {

    /** The significant digits shown to people. */
    public static final int DIGITS = 3;

    private Numbers() {}

    /**
     * {@code value} with {@value #DIGITS} significant digits: {@code 0.757}, {@code 12.3}, {@code 0.00131}; a value
     * of 1000 or more is rounded to an integer ({@code 1235}, digits before the point are never dropped), a value
     * under 0.001 is written in scientific notation ({@code 1.20e-05}), zero as {@code 0}, NaN as {@code n/a}.
     */
    public static String significant(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(DIGITS, RoundingMode.HALF_EVEN));
        int integerDigits = rounded.precision() - rounded.scale();
        return rounded.setScale(Math.max(0, DIGITS - integerDigits), RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A mean and its standard deviation in one cell, each with {@value #DIGITS} significant digits. */
    public static String meanStd(double mean, double std) {
        return significant(mean) + " ± " + significant(std);
    }
}

package org.histo4j.cli.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values before a command creates anything: the first value out of range is a usage error (exit
 * 2) in one line naming the option, the rule and the value, e.g. {@code --folds must be >= 2, got 1}. An option
 * that was not given (a null value) is not checked.
 *
 * <pre>{@code
 * OptionChecks.of(spec).atLeast("--folds", folds, 2).atLeast("--epochs", epochs, 1).positive("--lr", learningRate);
 * }</pre>
 */
public final class OptionChecks {

    private final CommandSpec spec;

    private OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** Checks for the command (or, in a mixin, the mixee) {@code spec}. */
    public static OptionChecks of(CommandSpec spec) {
        return new OptionChecks(spec);
    }

    /** {@code option} must be a whole number of at least {@code min}. */
    public OptionChecks atLeast(String option, Number value, long min) {
        return check(value == null || value.longValue() >= min, option + " must be >= " + min + ", got " + value);
    }

    /** {@code option} must be finite and greater than 0 (NaN and infinities are refused). */
    public OptionChecks positive(String option, Number value) {
        return check(value == null || value.doubleValue() > 0 && Double.isFinite(value.doubleValue()),
                option + " must be positive, got " + value);
    }

    /** {@code option} must be 0 or more (NaN is refused). */
    public OptionChecks nonNegative(String option, Number value) {
        return check(value == null || value.doubleValue() >= 0, option + " must be >= 0, got " + value);
    }

    /** {@code option} must be a fraction in [0, 1], or in [0, 1) when {@code oneAllowed} is false. */
    public OptionChecks fraction(String option, double value, boolean oneAllowed) {
        return check(value >= 0 && (oneAllowed ? value <= 1 : value < 1),
                option + " must be in [0, 1" + (oneAllowed ? "]" : ")") + ", got " + value);
    }

    /** A rule of its own: {@code message} (naming the option and the value) when {@code ok} is false. */
    public OptionChecks check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
        return this;
    }
}

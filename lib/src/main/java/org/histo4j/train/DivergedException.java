package org.histo4j.train;

import org.histo4j.Histo4jException;

/**
 * Training stopped because the loss or the parameters stopped being finite numbers (NaN or infinity), usually
 * because the learning rate is too high. It names the step, the task whose loss went first (or {@code all}), and
 * the last finite loss seen, so that the user can tell a sudden blow-up from a slow drift.
 */
public final class DivergedException extends Histo4jException {

    /** The hint of the library's message; the command line names its own option instead. */
    public static final String LIBRARY_HINT = "lower the learning rate (optLearningRate)";

    private final String where;
    private final String task;
    private final double lastFiniteLoss;
    private final String what;

    /**
     * A divergence at {@code where} (e.g. {@code "step 3"}), on {@code task}; {@code what} says what became
     * non-finite (e.g. {@code "the loss is NaN"}); {@code lastFiniteLoss} is NaN when no finite loss was seen.
     */
    public DivergedException(String where, String task, String what, double lastFiniteLoss) {
        super(describe(where, task, what, lastFiniteLoss, LIBRARY_HINT));
        this.where = where;
        this.task = task;
        this.lastFiniteLoss = lastFiniteLoss;
        this.what = what;
    }

    /** Where training stopped, e.g. {@code "step 3"} or {@code "epoch 2, batch 5"}. */
    public String where() {
        return where;
    }

    /** The task whose loss went first, or {@code all}. */
    public String task() {
        return task;
    }

    /** The last finite loss seen before the divergence (NaN if none). */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The message with another hint, e.g. {@code "lower --lr"} on the command line. */
    public String withHint(String hint) {
        return describe(where, task, what, lastFiniteLoss, hint);
    }

    private static String describe(String where, String task, String what, double last, String hint) {
        String before = Double.isFinite(last) ? "last finite loss " + String.format(java.util.Locale.ROOT, "%.4g", last)
                : "no finite loss before it";
        return "training diverged at " + where + " (task " + task + "): " + what + ", " + before + "; " + hint;
    }

    /** The word for a non-finite value: NaN or infinity. */
    static String nonFinite(double value) {
        return Double.isNaN(value) ? "NaN" : "infinite";
    }
}

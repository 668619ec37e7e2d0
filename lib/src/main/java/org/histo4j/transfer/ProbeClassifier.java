package org.histo4j.transfer;

import de.bwaldvogel.liblinear.SolverType;

/** The linear classifier of a {@link LinearProbe}, each an L2-regularised LIBLINEAR solver. */
public enum ProbeClassifier {
    /** L2-regularised logistic regression (primal trust-region Newton); scores are class probabilities. */
    LOGISTIC_REGRESSION(SolverType.L2R_LR, 0.01, "logistic"),
    /**
     * L2-regularised linear SVM with the squared hinge loss (primal trust-region Newton); scores are decision
     * values.
     */
    LINEAR_SVM(SolverType.L2R_L2LOSS_SVC, 0.01, "svm");

    private final SolverType solver;
    private final double epsilon;
    private final String modeName;

    ProbeClassifier(SolverType solver, double epsilon, String modeName) {
        this.solver = solver;
        this.epsilon = epsilon;
        this.modeName = modeName;
    }

    /** The LIBLINEAR solver. */
    public SolverType solver() {
        return solver;
    }

    /** LIBLINEAR's default stopping tolerance for this solver. */
    public double defaultEpsilon() {
        return epsilon;
    }

    /** The short name used in the {@code mode} column of result tables ({@code "logistic"}, {@code "svm"}). */
    public String modeName() {
        return modeName;
    }
}

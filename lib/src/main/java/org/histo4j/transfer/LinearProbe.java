package org.histo4j.transfer;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * A linear probe on frozen features: a LIBLINEAR classifier (logistic regression or linear SVM, L2-regularised,
 * with an intercept) on standardised features, its regularisation C chosen by an inner grouped
 * cross-validation.
 *
 * <p>Inside every training part (an outer fold, and each inner fold within it) the features are standardised
 * with means and standard deviations fitted on that training part only. The inner cross-validation scores every
 * C of the grid by the mean over inner folds of the selection metric; the best C wins, ties going to the smaller
 * (more regularised) C. Within an inner fold the grid is trained in increasing C, each training starting from
 * the previous solution (LIBLINEAR's warm start; both solvers are primal Newton methods that accept it). The
 * probe is then retrained with the chosen C on the whole training part.
 *
 * <p>Runs are deterministic: each LIBLINEAR training gets its own {@link Random} seeded from the run's seed (no
 * use of LIBLINEAR's shared generator), and LIBLINEAR's console output is switched off.
 *
 * <pre>{@code
 * LinearProbe probe = LinearProbe.builder().optClassifier(ProbeClassifier.LINEAR_SVM).build();
 * ProbeResult result = probe.crossValidate(featureSet, 0L);
 * double meanAuc = result.mean(Metric.AUC);
 * }</pre>
 */
public final class LinearProbe {

    static {
        Linear.disableDebugOutput();
    }

    private final ProbeClassifier classifier;
    private final double[] cGrid;
    private final int folds;
    private final int innerFolds;
    private final Metric selectionMetric;
    private final FoldSplitter splitter;
    private final double epsilon;

    private LinearProbe(Builder builder) {
        this.classifier = builder.classifier;
        this.cGrid = builder.cGrid.clone();
        this.folds = builder.folds;
        this.innerFolds = builder.innerFolds;
        this.selectionMetric = builder.selectionMetric;
        this.splitter = builder.splitter;
        this.epsilon = Double.isNaN(builder.epsilon) ? classifier.defaultEpsilon() : builder.epsilon;
    }

    /** A builder with the defaults: logistic regression, C in 1e-10..1 (powers of 10), 5 outer and 3 inner folds. */
    public static Builder builder() {
        return new Builder();
    }

    /** The classifier type. */
    public ProbeClassifier classifier() {
        return classifier;
    }

    /** The name of this probe in the {@code mode} column of result tables. */
    public String mode() {
        return classifier.modeName();
    }

    /** The grid of C values searched (a copy). */
    public double[] cGrid() {
        return cGrid.clone();
    }

    /**
     * Runs the grouped outer cross-validation: for each outer fold, chooses C on the training part, retrains and
     * predicts the held-out part.
     *
     * @param data the features, labels and groups
     * @param seed fixes the outer and inner folds and LIBLINEAR's random choices
     * @return per-fold metrics, chosen C and predictions
     */
    public ProbeResult crossValidate(FeatureSet data, long seed) {
        List<FoldResult> results = new ArrayList<>();
        for (Fold fold : outerFolds(data, seed)) {
            results.add(evaluate(data, fold, seed));
        }
        return new ProbeResult(results);
    }

    /** The outer folds {@link #crossValidate} uses under {@code seed}. */
    public List<Fold> outerFolds(FeatureSet data, long seed) {
        return splitter.split(data.labels(), data.groups(), folds, seed);
    }

    /**
     * One outer fold of {@link #crossValidate}: chooses C on its training part, retrains and predicts its held-out
     * part, with the same numbers as the whole cross-validation (each fold draws from {@code seed} and its index).
     */
    public FoldResult evaluate(FeatureSet data, Fold fold, long seed) {
        FittedProbe fitted = fit(data, fold.train(), derive(seed, fold.index()));
        Predictions predictions = fitted.predict(data.features(), fold.test());
        return FoldResult.of(fold.index(), fitted.c(), predictions, data.labels());
    }

    /**
     * Trains on the given rows, choosing C by inner grouped cross-validation on those rows (or using the only C
     * when the grid has one value).
     */
    public FittedProbe fit(FeatureSet data, int[] rows, long seed) {
        double c = cGrid.length == 1 ? cGrid[0] : chooseC(data, rows, seed);
        return fit(data, rows, c, seed);
    }

    /** Trains on the given rows with a fixed C. */
    public FittedProbe fit(FeatureSet data, int[] rows, double c, long seed) {
        Standardizer standardizer = Standardizer.fit(data.features(), rows);
        Problem problem = problem(data, rows, standardizer);
        return new FittedProbe(classifier, standardizer, train(problem, c, seed, null), c, data.numClasses());
    }

    /** The C of the grid with the best mean inner-fold score, ties going to the smaller C. */
    double chooseC(FeatureSet data, int[] rows, long seed) {
        return bestC(cGrid, innerScores(data, rows, seed));
    }

    /** The C whose score is highest, ties going to the smaller C. */
    static double bestC(double[] grid, double[] scores) {
        Integer[] order = IntStream.range(0, grid.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(grid[a], grid[b]));
        int best = order[0];
        for (int i : order) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return grid[best];
    }

    /** The mean over inner folds of the selection metric, per C of the grid (NaN folds skipped). */
    double[] innerScores(FeatureSet data, int[] rows, long seed) {
        int[] labels = IntStream.of(rows).map(i -> data.labels()[i]).toArray();
        String[] groups = IntStream.of(rows).mapToObj(i -> data.groups()[i]).toArray(String[]::new);
        int numGroups = (int) Arrays.stream(groups).distinct().count();
        if (numGroups < 2) {
            throw new IllegalArgumentException("task " + data.task() + ": cannot choose C by inner "
                    + "cross-validation on a training part with " + numGroups + " group");
        }
        List<Fold> inner = splitter.split(labels, groups, Math.min(innerFolds, numGroups), seed);
        double[][] perFold = new double[inner.size()][];
        for (int f = 0; f < inner.size(); f++) {
            perFold[f] = scoreGrid(data, map(rows, inner.get(f).train()), map(rows, inner.get(f).test()),
                    derive(seed, f));
        }
        return IntStream.range(0, cGrid.length).mapToDouble(k -> nanMean(perFold, k)).toArray();
    }

    /** Scores every C on one inner fold, in increasing C, each training warm-started from the previous one. */
    private double[] scoreGrid(FeatureSet data, int[] train, int[] test, long seed) {
        Standardizer standardizer = Standardizer.fit(data.features(), train);
        Problem problem = problem(data, train, standardizer);
        Integer[] order = IntStream.range(0, cGrid.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(cGrid[a], cGrid[b]));
        double[] scores = new double[cGrid.length];
        double[] warmStart = null;
        for (int k : order) {
            Model model = train(problem, cGrid[k], seed, warmStart);
            warmStart = model.getFeatureWeights();
            FittedProbe fitted = new FittedProbe(classifier, standardizer, model, cGrid[k], data.numClasses());
            scores[k] = fitted.predict(data.features(), test).evaluate(selectionMetric, data.labels());
        }
        return scores;
    }

    private Model train(Problem problem, double c, long seed, double[] warmStart) {
        Parameter parameter = new Parameter(classifier.solver(), c, epsilon);
        parameter.setRandom(new Random(seed));
        if (warmStart != null) {
            parameter.setInitSol(warmStart);
        }
        return Linear.train(problem, parameter);
    }

    private static Problem problem(FeatureSet data, int[] rows, Standardizer standardizer) {
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = data.dimension() + 1;
        problem.bias = 1;
        problem.x = new Feature[rows.length][];
        problem.y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            problem.x[i] = toLiblinear(standardizer.apply(data.features()[rows[i]]));
            problem.y[i] = data.labels()[rows[i]];
        }
        return problem;
    }

    /** One standardised row as LIBLINEAR features (1-based indices, zeros skipped) with the bias feature last. */
    static Feature[] toLiblinear(double[] z) {
        int nonZero = (int) DoubleStream.of(z).filter(v -> v != 0).count();
        Feature[] x = new Feature[nonZero + 1];
        int k = 0;
        for (int j = 0; j < z.length; j++) {
            if (z[j] != 0) {
                x[k++] = new FeatureNode(j + 1, z[j]);
            }
        }
        x[k] = new FeatureNode(z.length + 1, 1.0);
        return x;
    }

    private static int[] map(int[] rows, int[] positions) {
        return IntStream.of(positions).map(p -> rows[p]).toArray();
    }

    private static double nanMean(double[][] perFold, int k) {
        double[] values = Arrays.stream(perFold).mapToDouble(s -> s[k]).filter(v -> !Double.isNaN(v)).toArray();
        return values.length == 0 ? Double.NEGATIVE_INFINITY : DoubleStream.of(values).average().orElseThrow();
    }

    /** A seed for a sub-step (fold {@code index}) derived from the run's seed. */
    static long derive(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds a {@link LinearProbe}; every setting has a default. */
    public static final class Builder {

        private ProbeClassifier classifier = ProbeClassifier.LOGISTIC_REGRESSION;
        private double[] cGrid = IntStream.rangeClosed(-10, 0).mapToDouble(e -> Math.pow(10, e)).toArray();
        private int folds = 5;
        private int innerFolds = 3;
        private Metric selectionMetric = Metric.ACCURACY;
        private FoldSplitter splitter = new GroupKFold();
        private double epsilon = Double.NaN;

        private Builder() {}

        /** The classifier (default logistic regression). */
        public Builder optClassifier(ProbeClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /** The C values to search (default 1e-10, 1e-9, ..., 1). */
        public Builder optCGrid(double... cGrid) {
            this.cGrid = cGrid.clone();
            return this;
        }

        /** The number of outer folds (default 5). */
        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        /** The number of inner folds choosing C (default 3; fewer when the training part has fewer groups). */
        public Builder optInnerFolds(int innerFolds) {
            this.innerFolds = innerFolds;
            return this;
        }

        /** The metric the inner cross-validation maximises (default accuracy). */
        public Builder optSelectionMetric(Metric selectionMetric) {
            this.selectionMetric = selectionMetric;
            return this;
        }

        /** The fold splitter for outer and inner folds (default {@link GroupKFold}). */
        public Builder optSplitter(FoldSplitter splitter) {
            this.splitter = splitter;
            return this;
        }

        /** LIBLINEAR's stopping tolerance (default: LIBLINEAR's default for the solver). */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Validates the settings and builds the probe. */
        public LinearProbe build() {
            check(classifier != null, "classifier must not be null");
            check(cGrid != null && cGrid.length > 0 && DoubleStream.of(cGrid).allMatch(c -> c > 0
                    && Double.isFinite(c)), "cGrid must hold positive finite values, got " + Arrays.toString(cGrid));
            check(folds >= 2, "folds must be >= 2, got " + folds);
            check(innerFolds >= 2, "innerFolds must be >= 2, got " + innerFolds);
            check(selectionMetric != null, "selectionMetric must not be null");
            check(splitter != null, "splitter must not be null");
            check(Double.isNaN(epsilon) || epsilon > 0, "epsilon must be > 0, got " + epsilon);
            return new LinearProbe(this);
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}

package org.histo4j.transfer;

import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import java.util.Arrays;

/**
 * A trained linear probe: the standardisation fitted on its training rows, the LIBLINEAR model and the chosen
 * regularisation C. It predicts classes and per-class scores for new feature rows.
 */
public final class FittedProbe {

    private final ProbeClassifier classifier;
    private final Standardizer standardizer;
    private final Model model;
    private final double c;
    private final int numClasses;

    FittedProbe(ProbeClassifier classifier, Standardizer standardizer, Model model, double c, int numClasses) {
        this.classifier = classifier;
        this.standardizer = standardizer;
        this.model = model;
        this.c = c;
        this.numClasses = numClasses;
    }

    /** The regularisation constant C the model was trained with. */
    public double c() {
        return c;
    }

    /** The classifier type. */
    public ProbeClassifier classifier() {
        return classifier;
    }

    /**
     * Predicts the given rows of {@code features}. Classes absent from the training rows get the lowest possible
     * score (probability 0, decision value &minus;&infin;).
     */
    public Predictions predict(float[][] features, int[] rows) {
        int[] predicted = new int[rows.length];
        double[][] scores = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = scores(LinearProbe.toLiblinear(standardizer.apply(features[rows[i]])));
            predicted[i] = argMax(scores[i]);
        }
        return new Predictions(rows.clone(), predicted, scores);
    }

    private double[] scores(de.bwaldvogel.liblinear.Feature[] x) {
        int[] labels = model.getLabels();
        double[] raw = new double[labels.length];
        double[] scores = new double[numClasses];
        if (classifier == ProbeClassifier.LOGISTIC_REGRESSION) {
            Linear.predictProbability(model, x, raw);
            for (int k = 0; k < labels.length; k++) {
                scores[labels[k]] = raw[k];
            }
            return scores;
        }
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        Linear.predictValues(model, x, raw);
        if (labels.length == 2) {
            scores[labels[0]] = raw[0];
            scores[labels[1]] = -raw[0];
        } else {
            for (int k = 0; k < labels.length; k++) {
                scores[labels[k]] = raw[k];
            }
        }
        return scores;
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return best;
    }
}

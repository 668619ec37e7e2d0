package org.histo4j.slide.mil;

/**
 * A slide classifier's output for one slide: class probabilities, the true label, and each tile's weight
 * ({@code null} for models that do not weigh tiles).
 */
public record SlidePrediction(String slideId, String group, int label, float[] probabilities, float[] tileWeights) {

    /** The probability of class 1, the score for a binary slide AUC. */
    public double positiveScore() {
        return probabilities[1];
    }

    /** The most probable class. */
    public int predictedClass() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }
}

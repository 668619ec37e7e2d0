package org.histo4j.slide.mil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test bags with a known signal: every tile is Gaussian noise; a positive slide also holds a few "lesion" tiles
 * whose first feature dimensions are shifted by {@code shift}. Pooling by the mean dilutes the lesion, attention
 * can find it.
 */
final class SyntheticBags {

    private SyntheticBags() {}

    static List<Bag> cohort(int slides, int tiles, int width, int lesionTiles, float shift, long seed) {
        Random random = new Random(seed);
        List<Bag> bags = new ArrayList<>();
        for (int s = 0; s < slides; s++) {
            int label = s % 2;
            int n = tiles + random.nextInt(tiles / 2 + 1);
            float[][] features = new float[n][width];
            int[][] coords = new int[n][];
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < width; d++) {
                    features[k][d] = (float) random.nextGaussian();
                }
                coords[k] = new int[] {256 * (k % 10), 256 * (k / 10)};
            }
            if (label == 1) {
                for (int k = 0; k < lesionTiles; k++) {
                    int tile = random.nextInt(n);
                    for (int d = 0; d < 4; d++) {
                        features[tile][d] += shift;
                    }
                }
            }
            bags.add(new Bag("slide-" + s, "patient-" + s, label, features, coords));
        }
        return bags;
    }

    /** The binary ROC AUC by counting pairs (positive scored above negative = 1, tie = 1/2). */
    static double auc(List<SlidePrediction> predictions) {
        double wins = 0;
        long pairs = 0;
        for (SlidePrediction p : predictions) {
            for (SlidePrediction n : predictions) {
                if (p.label() == 1 && n.label() == 0) {
                    pairs++;
                    wins += p.positiveScore() > n.positiveScore() ? 1 : p.positiveScore() == n.positiveScore() ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }
}

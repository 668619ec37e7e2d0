package org.histo4j.slide.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.mil.Bag;
import org.junit.jupiter.api.Test;

/**
 * A 40 x 40 grid of 64 px tiles over a slide whose lesion mask (one mask pixel per 32 level-0 pixels) covers the
 * block of tiles in columns 10..29 and rows 5..24 (400 lesion tiles of 1600).
 */
class HeatmapFaithfulnessTest {

    private static final int SIDE = 40;
    private static final int TILE = 64;

    private static Bag bag() {
        int[][] coords = new int[SIDE * SIDE][];
        for (int k = 0; k < coords.length; k++) {
            coords[k] = new int[] {TILE * (k % SIDE), TILE * (k / SIDE)};
        }
        return new Bag("slide", "slide", 1, new float[coords.length][1], coords);
    }

    private static boolean truth(int k) {
        int column = k % SIDE;
        int row = k / SIDE;
        return column >= 10 && column < 30 && row >= 5 && row < 25;
    }

    private static TissueMask lesions() {
        int cells = SIDE * 2;
        boolean[] lesion = new boolean[cells * cells];
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                lesion[y * cells + x] = truth((y / 2) * SIDE + x / 2);
            }
        }
        return TissueMask.of(lesion, cells, cells, (long) SIDE * TILE, (long) SIDE * TILE);
    }

    @Test
    void oracleAttentionOnTheLesionTilesScoresOne() {
        float[] weights = new float[SIDE * SIDE];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = truth(k) ? 1f / 400 : 0f;
        }

        HeatmapFaithfulness.Score score = HeatmapFaithfulness.defaults().score(bag(), weights, lesions(), TILE);

        assertEquals(400, score.lesionTiles());
        assertEquals(1.0, score.attentionAuc(), 1e-12);
        assertEquals(1.0, score.topKLesion(), 1e-12);
    }

    @Test
    void randomAttentionScoresAboutOneHalf() {
        Random random = new Random(3);
        float[] weights = new float[SIDE * SIDE];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = random.nextFloat();
        }

        HeatmapFaithfulness.Score score = HeatmapFaithfulness.defaults().score(bag(), weights, lesions(), TILE);

        // the AUC of random scores with 400 vs 1200 tiles has a standard deviation of about 0.017
        assertEquals(0.5, score.attentionAuc(), 0.06);
    }

    @Test
    void invertedAttentionScoresZeroAndTiesCountHalf() {
        float[] inverted = new float[SIDE * SIDE];
        float[] flat = new float[SIDE * SIDE];
        for (int k = 0; k < inverted.length; k++) {
            inverted[k] = truth(k) ? 0f : 1f;
            flat[k] = 0.5f;
        }
        HeatmapFaithfulness faithfulness = new HeatmapFaithfulness(4, 0.5);

        assertEquals(0.0, faithfulness.score(bag(), inverted, lesions(), TILE).attentionAuc(), 1e-12);
        assertEquals(0.0, faithfulness.score(bag(), inverted, lesions(), TILE).topKLesion(), 1e-12);
        assertEquals(0.5, faithfulness.score(bag(), flat, lesions(), TILE).attentionAuc(), 1e-12);
        assertTrue(Double.isNaN(HeatmapFaithfulness.attentionAuc(new boolean[] {false, false}, new float[] {1, 2})));
    }
}

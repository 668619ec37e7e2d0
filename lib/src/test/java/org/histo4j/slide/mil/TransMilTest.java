package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TransMIL on padded batches: the squared layout, padding invariance and tile weights that are a distribution. */
class TransMilTest {

    /** Bags of 1, 9, 10 and 17 tiles: grids of side 1, 3, 4 and 5 in one batch of side 5. */
    private static final int[] SIZES = {1, 9, 10, 17};

    @Test
    void squaredLayoutRepeatsTheFirstTilesIntoTheTopLeftCorner() {
        // bag 0: 5 tiles -> side 3, cells 0..4 hold tiles 0..4 and cells 5..8 repeat tiles 0..3
        // bag 1: 2 tiles (then 3 padding) -> side 2 in the corner of the 3 x 3 grid: cells 0, 1, 3, 4 = tiles 0, 1, 0, 1
        float[] mask = {1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
        SquareLayout layout = SquareLayout.of(mask, 2, 5);
        assertEquals(3, layout.side());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 0, 1, 0, 0, 1, 0, 0, 0, 0}, layout.tokenTile());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0}, layout.gridMask());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 9, 9, 9}, layout.firstCell());
        assertArrayEquals(new long[] {5, 6, 7, 8, 9, 3, 4, 9, 9, 9}, layout.repeatCell());
        assertThrows(IllegalArgumentException.class, () -> SquareLayout.of(new float[] {1, 0, 0, 0}, 2, 2));
    }

    @Test
    void aPaddedBagGivesTheOutputOfTheBagAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TransMil model = initialised(manager);
            List<Bag> bags = bags();
            ParameterStore store = new ParameterStore(manager, false);
            NDList batch = model.forward(store, BagBatch.inputs(manager, bags), false);
            for (int b = 0; b < bags.size(); b++) {
                NDList alone = model.forward(store, BagBatch.inputs(manager, List.of(bags.get(b))), false);
                assertArrayEquals(PoolingModel.logits(alone).toFloatArray(),
                        PoolingModel.logits(batch).get(b).toFloatArray(), 1e-5f, "logits of bag " + b);
                float[] own = PoolingModel.weights(alone).toFloatArray();
                float[] padded = PoolingModel.weights(batch).get(b).toFloatArray();
                for (int k = 0; k < padded.length; k++) {
                    assertEquals(k < own.length ? own[k] : 0f, padded[k], 1e-5f, "bag " + b + " tile " + k);
                }
            }
        }
    }

    @Test
    void tileWeightsSumToOneOverTheRealTilesAndAreZeroOnPadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TransMil model = initialised(manager);
            List<Bag> bags = bags();
            NDList out = model.forward(new ParameterStore(manager, false), BagBatch.inputs(manager, bags), false);
            for (int b = 0; b < bags.size(); b++) {
                float[] weights = PoolingModel.weights(out).get(b).toFloatArray();
                double real = 0;
                for (int k = 0; k < weights.length; k++) {
                    if (k < SIZES[b]) {
                        assertTrue(weights[k] > 0, "bag " + b + " tile " + k + " weight " + weights[k]);
                        real += weights[k];
                    } else {
                        assertEquals(0f, weights[k], "bag " + b + " padding " + k);
                    }
                }
                assertEquals(1.0, real, 1e-5, "bag " + b);
            }
        }
    }

    @Test
    void headsMustDivideTheTokenWidth() {
        assertThrows(IllegalArgumentException.class, () -> TransMil.builder().optDim(10).optHeads(4).build());
    }

    private static TransMil initialised(NDManager manager) {
        TransMil model = TransMil.builder().optDim(16).optHeads(4).build();
        model.initialize(manager, DataType.FLOAT32, new Shape(2, 7, 12), new Shape(2, 7));
        return model;
    }

    private static List<Bag> bags() {
        Random random = new Random(7);
        List<Bag> bags = new ArrayList<>();
        for (int n : SIZES) {
            float[][] features = new float[n][12];
            int[][] coords = new int[n][];
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < 12; d++) {
                    features[k][d] = (float) random.nextGaussian();
                }
                coords[k] = new int[] {64 * k, 0};
            }
            bags.add(new Bag("bag-" + n, "g" + n, n % 2, features, coords));
        }
        return bags;
    }
}

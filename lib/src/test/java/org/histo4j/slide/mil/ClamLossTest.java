package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * CLAM's loss on a hand-built bag of 6 tiles, k = 2, class 1. Attention (0.05, 0.30, 0.08, 0.25, 0.20, 0.12):
 * the top 2 are tiles 1 and 3 (target 1), the bottom 2 tiles 0 and 2 (target 0). Instance logits of class 1's
 * classifier: tile 0 (2, 0), tile 1 (0, 1), tile 2 (0, 8), tile 3 (0.5, 0.5); the rest and class 0's classifier
 * hold values that must not count (no subtyping). Slide logits (0, 0).
 */
class ClamLossTest {

    private static final float[] ATTENTION = {0.05f, 0.30f, 0.08f, 0.25f, 0.20f, 0.12f};

    private static NDList outputs(NDManager manager, int padTo) {
        float[] attention = new float[padTo];
        float[] mask = new float[padTo];
        System.arraycopy(ATTENTION, 0, attention, 0, 6);
        java.util.Arrays.fill(mask, 0, 6, 1f);
        float[] instance = new float[2 * padTo * 2];
        java.util.Arrays.fill(instance, 50f); // class 0's classifier and padding: must be ignored
        float[][] class1 = {{2, 0}, {0, 1}, {0, 8}, {0.5f, 0.5f}, {-7, 3}, {4, 4}};
        for (int n = 0; n < 6; n++) {
            instance[(padTo + n) * 2] = class1[n][0];
            instance[(padTo + n) * 2 + 1] = class1[n][1];
        }
        for (int n = 6; n < padTo; n++) {
            attention[n] = 0; // padding has zero attention, lower than any real tile: it must not be a "bottom" tile
        }
        return new NDList(manager.zeros(new Shape(1, 2)), manager.create(attention, new Shape(1, padTo)),
                manager.create(attention, new Shape(1, 1, padTo)), manager.create(instance, new Shape(1, 2, padTo, 2)),
                manager.create(mask, new Shape(1, padTo)));
    }

    private static double evaluate(ClamLoss loss, int padTo) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray value = loss.evaluate(new NDList(manager.create(new long[] {1})), outputs(manager, padTo));
            return value.getFloat();
        }
    }

    @Test
    void crossEntropyInstanceLossMatchesHandWork() {
        // -log softmax: tile 1 -> log(1 + e^-1), tile 3 -> log 2, tile 0 (target 0) -> log(1 + e^-2),
        // tile 2 (target 0) -> log(1 + e^8)
        double instance = (Math.log(1 + Math.exp(-1)) + Math.log(2) + Math.log(1 + Math.exp(-2))
                + Math.log(1 + Math.exp(8))) / 4;
        double expected = 0.7 * Math.log(2) + 0.3 * instance;
        ClamLoss loss = new ClamLoss(2, ClamLoss.InstanceLoss.CROSS_ENTROPY, 0.7f, false);

        assertEquals(expected, evaluate(loss, 6), 1e-5);
        assertEquals(expected, evaluate(loss, 9), 1e-5, "padding must change nothing");
    }

    @Test
    void smoothSvmInstanceLossMatchesHandWorkIncludingTheHardSwitch() {
        // d = x_other + 1 - x_target; smooth: log(1 + e^d); hard when |x0 - x1| >= ln 1000 = 6.91: max(0, d)
        // tile 1 (target 1): d = 0 -> log 2; tile 3: d = 1 -> log(1 + e); tile 0 (target 0): d = -1 -> log(1 + e^-1);
        // tile 2 (target 0, logits 0 and 8, gap 8 -> hard): d = 8 + 1 - 0 = 9
        double instance = (Math.log(2) + Math.log(1 + Math.E) + Math.log(1 + Math.exp(-1)) + 9) / 4;
        double expected = 0.7 * Math.log(2) + 0.3 * instance;

        assertEquals(expected, evaluate(ClamLoss.of(2), 6), 1e-5);
    }

    @Test
    void subtypingAlsoPushesTheOtherClassifierTopTilesToZero() {
        // class 0's classifier (all logits 50, 50 on tiles 1 and 3 as well): CE of target 0 is log 2 per tile;
        // with subtyping the sum over both classifiers is halved
        double inClass = (Math.log(1 + Math.exp(-1)) + Math.log(2) + Math.log(1 + Math.exp(-2))
                + Math.log(1 + Math.exp(8))) / 4;
        double expected = 0.7 * Math.log(2) + 0.3 * (inClass + Math.log(2)) / 2;

        assertEquals(expected, evaluate(new ClamLoss(2, ClamLoss.InstanceLoss.CROSS_ENTROPY, 0.7f, true), 6), 1e-5);
    }
}

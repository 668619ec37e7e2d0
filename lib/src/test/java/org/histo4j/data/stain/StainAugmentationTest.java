package org.histo4j.data.stain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.histo4j.data.image.Patch;
import org.junit.jupiter.api.Test;

class StainAugmentationTest {

    private final Patch tile = StainedImages.paint(StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 1, 64, 4);

    @Test
    void zeroStrengthChangesNothing() {
        assertSame(tile, StainAugmentation.of(0).apply(tile, new SplittableRandom(1)));
    }

    @Test
    void sameDrawsSamePatchAndBackgroundIsKept() {
        Patch a = StainAugmentation.of(0.2).apply(tile, new SplittableRandom(5));
        Patch b = StainAugmentation.of(0.2).apply(tile, new SplittableRandom(5));
        double[] od = StainMath.opticalDensity(tile);
        int n = tile.width() * tile.height();
        int background = 0;
        for (int i = 0; i < n; i++) {
            if (!StainMath.isTissue(od, i, 0.15)) {
                background++;
                for (int c = 0; c < 3; c++) {
                    assertTrue(a.pixels()[c * n + i] == tile.pixels()[c * n + i], "background pixel " + i);
                }
            }
        }

        assertArrayEquals(a.pixels(), b.pixels());
        assertTrue(background > 0, "the test tile has no glass");
        assertTrue(StainedImages.meanAbsoluteDifference(a, tile) > 1, "strong augmentation changed too little");
    }

    @Test
    void stainVectorsMoveWithinTheStatedBoundAndGrowWithStrength() {
        MacenkoNormalizer estimator = MacenkoNormalizer.builder().optReference(new StainMatrix(
                StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 1, 1)).build();
        StainMatrix before = estimator.estimate(tile);
        double[] meanAngle = new double[2];
        double[] strengths = {0.05, 0.2};
        for (int s = 0; s < 2; s++) {
            for (int seed = 0; seed < 10; seed++) {
                StainMatrix after = estimator.estimate(StainAugmentation.of(strengths[s]).apply(tile,
                        new SplittableRandom(seed)));
                double angle = Math.max(after.angleTo(before, true), after.angleTo(before, false));
                assertTrue(angle < 12, "strength " + strengths[s] + " moved a stain by " + angle + " degrees");
                meanAngle[s] += angle / 10;
            }
        }
        assertTrue(meanAngle[1] > meanAngle[0], "mean angles " + meanAngle[0] + " vs " + meanAngle[1]);
    }

    @Test
    void whiteTilesPassThroughAndBadStrengthIsRefused() {
        Patch white = StainedImages.flat(16, 1, 1, 1);
        assertSame(white, StainAugmentation.of(0.1).apply(white, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> StainAugmentation.of(-0.1));
    }
}

package org.histo4j.data.stain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.histo4j.data.image.Patch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vahadane's stain vectors: the two-stain lasso by hand, recovery of painted stains, and the saved method. */
class VahadaneTest {

    @Test
    void aPixelOfOneStainKeepsOnlyThatStainShrunkByLambda() {
        double[] c = StainMatrix.sparseConcentrations(new double[] {1, 0, 0}, new double[] {0, 1, 0},
                new double[] {0.5, 0.05, 0}, 0.1);
        // d2 . x = 0.05 is below lambda, so c2 = 0; c1 = d1 . x - lambda
        assertArrayEquals(new double[] {0.4, 0}, c, 1e-12);
    }

    @Test
    void aMixedPixelSolvesTheTwoByTwoSystemWhenBothConcentrationsArePositive() {
        // d1 = (1, 0, 0), d2 = (0.6, 0.8, 0), x = (1, 0.8, 0), lambda 0.1: d.x = (1, 1.24), Gram [[1, .6], [.6, 1]];
        // [[1, .6], [.6, 1]] c = (0.9, 1.14) gives c = (0.3375, 0.9375); residual (0.1, 0.05, 0) has d.r = lambda
        double[] c = StainMatrix.sparseConcentrations(new double[] {1, 0, 0}, new double[] {0.6, 0.8, 0},
                new double[] {1, 0.8, 0}, 0.1);
        assertArrayEquals(new double[] {0.3375, 0.9375}, c, 1e-12);
    }

    @Test
    void recoversThePaintedStainsTiltedTowardsTheirMixturesByLambda() {
        double[][][] labs = {{StainedImages.RUIFROK_H, StainedImages.RUIFROK_E},
            {StainedImages.OTHER_H, StainedImages.OTHER_E}};
        for (double[][] lab : labs) {
            Patch painted = StainedImages.paint(lab[0], lab[1], 1, 128, 7);
            // measured: 1.8 and 2.7 degrees at lambda 0.1 (40% of the painted pixels are mixtures, which the L1 term
            // explains with vectors tilted towards each other), 0.4 and 0.6 at 0.02
            assertAngles(MacenkoNormalizer.vahadaneBuilder().addReference(painted).build().reference(), lab, 3.5);
            assertAngles(MacenkoNormalizer.vahadaneBuilder().optLambda(0.02).addReference(painted).build()
                    .reference(), lab, 0.8);
        }
    }

    @Test
    void inkOnAFewPercentOfThePixelsMovesMacenkosVectorsButNotVahadanes() {
        double[][] lab = {StainedImages.RUIFROK_H, StainedImages.RUIFROK_E};
        Patch inked = withInk(StainedImages.paint(lab[0], lab[1], 1, 128, 7), 0.02);

        StainMatrix macenko = MacenkoNormalizer.builder().addReference(inked).build().reference();
        StainMatrix vahadane = MacenkoNormalizer.vahadaneBuilder().addReference(inked).build().reference();

        // measured: Macenko's hematoxylin 24 degrees off, Vahadane's vectors 1.9 and 2.9 degrees
        assertTrue(StainMath.angleDegrees(macenko.hematoxylin(), lab[0]) > 10, "the ink should matter to Macenko");
        assertAngles(vahadane, lab, 3.5);
    }

    /** {@code share} of the pixels replaced by a blue-violet ink of a third stain vector, at random. */
    private static Patch withInk(Patch patch, double share) {
        double[] ink = StainMath.unit(new double[] {0.3, 0.3, 0.9});
        int n = patch.width() * patch.height();
        float[] pixels = patch.pixels().clone();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() < share) {
                double c = 0.5 + rng.nextDouble();
                for (int k = 0; k < 3; k++) {
                    pixels[k * n + i] = (float) Math.exp(-ink[k] * c);
                }
            }
        }
        return new Patch(patch.width(), patch.height(), pixels);
    }

    private static void assertAngles(StainMatrix m, double[][] lab, double degrees) {
        double h = StainMath.angleDegrees(m.hematoxylin(), lab[0]);
        double e = StainMath.angleDegrees(m.eosin(), lab[1]);
        assertTrue(h < degrees && e < degrees, "H off by " + h + ", E by " + e + " degrees (limit " + degrees + ")");
    }

    @Test
    void theMethodAndLambdaAreSavedAndReloaded(@TempDir Path dir) throws Exception {
        MacenkoNormalizer normalizer = MacenkoNormalizer.vahadaneBuilder().optLambda(0.05)
                .addReference(StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 1, 64, 1)).build();
        normalizer.save(dir.resolve("v.json"));
        MacenkoNormalizer loaded = (MacenkoNormalizer) StainNormalizer.load(dir.resolve("v.json"));

        assertEquals("vahadane", loaded.method());
        assertEquals(MacenkoNormalizer.Estimation.VAHADANE, loaded.estimation());
        assertEquals(0.05, loaded.toJson().get("lambda").doubleValue());
        Patch tile = StainedImages.paint(StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 1.2, 64, 3);
        assertNotNull(loaded.estimate(tile));
        assertEquals(normalizer.estimate(tile), loaded.estimate(tile));
    }
}

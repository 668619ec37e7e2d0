package org.histo4j.data.stain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.histo4j.data.image.Patch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacenkoNormalizerTest {

    @Test
    void recoversTheStainVectorsAnImageWasPaintedWith() {
        double[][][] labs = {{StainedImages.RUIFROK_H, StainedImages.RUIFROK_E},
            {StainedImages.OTHER_H, StainedImages.OTHER_E}};
        for (double[][] lab : labs) {
            StainMatrix m = estimate(StainedImages.paint(lab[0], lab[1], 1, 128, 7));

            assertTrue(StainMath.angleDegrees(m.hematoxylin(), lab[0]) < 5,
                    "H off by " + StainMath.angleDegrees(m.hematoxylin(), lab[0]) + " degrees");
            assertTrue(StainMath.angleDegrees(m.eosin(), lab[1]) < 5,
                    "E off by " + StainMath.angleDegrees(m.eosin(), lab[1]) + " degrees");
        }
    }

    @Test
    void estimateDoesNotDependOnThePixelOrder() {
        Patch p = StainedImages.paint(StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 1, 64, 3);
        int n = p.width() * p.height();
        int[] order = new SplittableRandom(9).ints(0, Integer.MAX_VALUE).limit(n).toArray();
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        java.util.Arrays.sort(perm, (a, b) -> Integer.compare(order[a], order[b]));
        float[] shuffled = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                shuffled[c * n + i] = p.pixels()[c * n + perm[i]];
            }
        }

        StainMatrix a = estimate(p);
        StainMatrix b = estimate(new Patch(p.width(), p.height(), shuffled));

        assertArrayEquals(a.hematoxylin(), b.hematoxylin(), 1e-9);
        assertArrayEquals(a.eosin(), b.eosin(), 1e-9);
        assertEquals(a.maxH(), b.maxH(), 1e-9);
        assertEquals(a.maxE(), b.maxE(), 1e-9);
    }

    @Test
    void mapsAnotherLabOntoTheReferenceStains() {
        Patch reference = StainedImages.paint(StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 1, 96, 1);
        Patch other = StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 1.4, 96, 2);
        MacenkoNormalizer normalizer = MacenkoNormalizer.builder().addReference(reference).build();

        StainMatrix after = estimate(normalizer.apply(other));

        assertTrue(StainMath.angleDegrees(after.hematoxylin(), StainedImages.RUIFROK_H) < 5);
        assertTrue(StainMath.angleDegrees(after.eosin(), StainedImages.RUIFROK_E) < 5);
        assertEquals(normalizer.reference().maxH(), after.maxH(), 0.05 * normalizer.reference().maxH());
        assertEquals(normalizer.reference().maxE(), after.maxE(), 0.05 * normalizer.reference().maxE());
    }

    @Test
    void severalReferencesArePooledAndOptionsAreSaved(@TempDir Path dir) throws Exception {
        MacenkoNormalizer normalizer = MacenkoNormalizer.builder()
                .addReference(StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 1, 64, 1))
                .addReference(StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 0.6, 64, 2))
                .optAlpha(2).optMaxOd(2.5).build();
        normalizer.save(dir.resolve("m.json"));
        MacenkoNormalizer loaded = (MacenkoNormalizer) StainNormalizer.load(dir.resolve("m.json"));

        assertTrue(normalizer.reference().angleTo(new StainMatrix(StainedImages.OTHER_H, StainedImages.OTHER_E, 1,
                1), true) < 5);
        assertEquals(2.5, loaded.toJson().get("maxOd").doubleValue());
        assertEquals(2, loaded.toJson().get("alpha").doubleValue());
        assertNull(normalizer.estimate(StainedImages.flat(32, 0.85f, 0.45f, 0.65f)));
    }

    @Test
    void referencesWithoutTwoStainsAreRefusedNamingTheBuilderMethod() {
        var error = assertThrows(IllegalArgumentException.class, () -> MacenkoNormalizer.builder()
                .addReference(StainedImages.flat(32, 1, 1, 1)).build());
        assertTrue(error.getMessage().startsWith("addReference"), error.getMessage());
    }

    private static StainMatrix estimate(Patch p) {
        StainMatrix m = MacenkoNormalizer.builder().optReference(new StainMatrix(StainedImages.RUIFROK_H,
                StainedImages.RUIFROK_E, 1, 1)).build().estimate(p);
        assertNotNull(m, "stains not estimated");
        return m;
    }
}

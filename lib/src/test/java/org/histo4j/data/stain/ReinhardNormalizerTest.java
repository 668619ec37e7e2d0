package org.histo4j.data.stain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.histo4j.data.image.Patch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReinhardNormalizerTest {

    @Test
    void labConversionGivesTheTabulatedValues() {
        double[] lab = new double[3];
        StainMath.lab(1, 1, 1, lab);
        assertArrayEquals(new double[] {100, 0, 0}, lab, 0.01);
        // sRGB red in CIE L*a*b* (D65), as tabulated by Lindbloom's calculator: (53.24, 80.09, 67.20)
        StainMath.lab(1, 0, 0, lab);
        assertArrayEquals(new double[] {53.24, 80.09, 67.20}, lab, 0.02);
        double[] rgb = new double[3];
        StainMath.lab(0.8, 0.4, 0.6, lab);
        StainMath.rgb(lab[0], lab[1], lab[2], rgb);
        // the cube root and the companding are interpolated tables (f within 5e-6): far below an 8-bit level, 0.004
        assertArrayEquals(new double[] {0.8, 0.4, 0.6}, rgb, 1e-6);
    }

    @Test
    void outputMatchesTheReferenceTissueStatisticsWithinOnePercent() {
        Patch reference = StainedImages.paint(StainedImages.RUIFROK_H, StainedImages.RUIFROK_E, 0.9, 96, 1);
        Patch other = StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 0.7, 96, 2);
        ReinhardNormalizer normalizer = ReinhardNormalizer.builder().addReference(reference).build();

        double[] after = ReinhardNormalizer.tissueStatistics(List.of(normalizer.apply(other)), 0.15, 0);
        double[] before = ReinhardNormalizer.tissueStatistics(List.of(other), 0.15, 0);
        double[] target = ReinhardNormalizer.tissueStatistics(List.of(reference), 0.15, 0);

        for (int k = 0; k < 6; k++) {
            assertEquals(target[k], after[k], 0.01 * Math.abs(target[k]), "statistic " + k + " (before "
                    + before[k] + ")");
        }
        assertTrue(Math.abs(before[1] - target[1]) > 0.05 * Math.abs(target[1]), "the test images differ too little");
    }

    @Test
    void noneChangesNothingAndSavesAsNone(@TempDir Path dir) throws Exception {
        Patch tile = StainedImages.paint(StainedImages.OTHER_H, StainedImages.OTHER_E, 1, 32, 8);
        StainNormalizer.none().save(dir.resolve("none.json"));

        assertSame(tile, StainNormalizer.none().apply(tile));
        assertEquals("none", StainNormalizer.load(dir.resolve("none.json")).identity());
    }
}

package org.histo4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabTest {

    private static final double[] RUIFROK_H = unit(0.65, 0.70, 0.29);
    private static final double[] RUIFROK_E = unit(0.07, 0.99, 0.11);

    @Test
    void theDefaultLabPaintsExactlyWhatThePainterPaintedBefore() {
        float[] tint = {0.95f, 1.05f, 1.0f};
        BufferedImage before = TissuePainter.paintPatch(TissueSpec.of(TissueType.TUMOUR),
                TissueSpec.of(TissueType.STROMA), 0.5, 64, 3, tint);
        BufferedImage after = TissuePainter.paintPatch(TissueSpec.of(TissueType.TUMOUR),
                TissueSpec.of(TissueType.STROMA), 0.5, 64, 3, tint, Lab.DEFAULT);

        assertArrayEquals(pixels(before), pixels(after));
        assertTrue(Lab.DEFAULT.isDefault());
        assertFalse(Lab.MACENKO_REFERENCE.isDefault());
    }

    @Test
    void aLabSendsTheDefaultStainsToItsOwnVectorsTimesItsIntensities() {
        Lab lab = new Lab("b", new double[] {0.5626, 0.7201, 0.4062}, new double[] {0.2159, 0.8012, 0.5581}, 1.2,
                0.9);
        double[][] stains = {RUIFROK_H, RUIFROK_E};
        double[][] expected = {scaled(lab.hematoxylin(), 1.2 * 0.8), scaled(lab.eosin(), 0.9 * 0.8)};
        for (int s = 0; s < 2; s++) {
            int packed = lab.restain(intensity(stains[s][0] * 0.8), intensity(stains[s][1] * 0.8),
                    intensity(stains[s][2] * 0.8));
            for (int c = 0; c < 3; c++) {
                int channel = (packed >> (16 - 8 * c)) & 255;
                double od = -Math.log(channel / 255.0);
                // integer truncation of the channel moves the OD by at most ln(v / (v - 1)), 0.02 for v > 50
                assertEquals(expected[s][c], od, 0.02, "stain " + s + " channel " + c);
            }
        }
    }

    @Test
    void sampledLabsStayWithinTheDocumentedRange() {
        for (long seed = 0; seed < 50; seed++) {
            Lab lab = Lab.sample("lab" + seed, seed);
            assertTrue(angle(lab.hematoxylin(), RUIFROK_H) <= 8.5, lab.toString());
            assertTrue(angle(lab.eosin(), RUIFROK_E) <= 29.5, lab.toString());
            assertTrue(lab.hematoxylinIntensity() >= 0.8 && lab.hematoxylinIntensity() <= 1.2, lab.toString());
            assertTrue(lab.eosinIntensity() >= 0.8 && lab.eosinIntensity() <= 1.2, lab.toString());
        }
        assertEquals(Lab.sample("a", 4), Lab.sample("a", 4));
        assertNotEquals(Lab.sample("a", 4), Lab.sample("a", 5));
    }

    @Test
    void aSourceStainsEachGroupInItsLabAndSaysSoInTheLocation() {
        SyntheticTask task = SyntheticPool.TARGETS.get(0);
        Lab b = Lab.sample("b", 1);
        SyntheticSource plain = new SyntheticSource(task, 32, 7);
        SyntheticSource mixed = new SyntheticSource(task, 32, 7, List.of(Lab.DEFAULT, b));
        int perGroup = task.classCount() * task.groupSize();

        assertEquals(plain.location(0), mixed.location(0));
        assertArrayEquals(pixels(plain.read(0)), pixels(mixed.read(0)));
        assertEquals(b, mixed.lab(perGroup));
        assertEquals("synthetic:" + task.name() + "@b#" + perGroup, mixed.location(perGroup));
        assertFalse(java.util.Arrays.equals(pixels(plain.read(perGroup)), pixels(mixed.read(perGroup))));
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static float intensity(double od) {
        return (float) (255 * Math.exp(-od));
    }

    private static double[] scaled(double[] v, double s) {
        return new double[] {v[0] * s, v[1] * s, v[2] * s};
    }

    private static double angle(double[] a, double[] b) {
        return Math.toDegrees(Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
    }

    private static double[] unit(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }
}

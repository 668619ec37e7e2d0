package org.histo4j.slide.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.histo4j.data.synthetic.Lab;
import org.junit.jupiter.api.Test;

class HistologySlidePainterTest {

    private static final int WIDTH = 1200;
    private static final int ROWS = 256;

    @Test
    void sameSeedSamePixels() {
        Tissue[] kinds = layout().strip(256, ROWS);
        byte[] a = new byte[WIDTH * ROWS * 3];
        byte[] b = new byte[WIDTH * ROWS * 3];

        HistologySlidePainter.builder().optBlockSize(256).build(3).paint(256, WIDTH, ROWS, kinds, a);
        HistologySlidePainter.builder().optBlockSize(256).build(3).paint(256, WIDTH, ROWS, kinds, b);

        assertArrayEquals(a, b);
    }

    @Test
    void glassIsBrightAndLesionDarkerThanNormalTissue() {
        SlideLayout layout = layout();
        HistologySlidePainter painter = HistologySlidePainter.builder().optBlockSize(256).build(5);
        double[] sum = new double[Tissue.values().length];
        long[] count = new long[Tissue.values().length];
        for (int y0 = 0; y0 < layout.height(); y0 += ROWS) {
            int rows = Math.min(ROWS, layout.height() - y0);
            Tissue[] kinds = layout.strip(y0, rows);
            byte[] rgb = new byte[WIDTH * rows * 3];
            painter.paint(y0, WIDTH, rows, kinds, rgb);
            for (int i = 0; i < kinds.length; i++) {
                sum[kinds[i].ordinal()] += ((rgb[3 * i] & 255) + (rgb[3 * i + 1] & 255) + (rgb[3 * i + 2] & 255)) / 3.0;
                count[kinds[i].ordinal()]++;
            }
        }
        double glass = sum[0] / count[0];
        double normal = sum[1] / count[1];
        double lesion = sum[2] / count[2];

        assertTrue(glass > 215, "glass mean intensity " + glass);
        assertTrue(normal < glass - 15, "normal " + normal + " vs glass " + glass);
        assertTrue(lesion < normal - 15, "lesion " + lesion + " vs normal " + normal);
    }

    @Test
    void aLabRestainsTheTissueButNotTheGlass() {
        Tissue[] kinds = layout().strip(256, ROWS);
        byte[] plain = new byte[WIDTH * ROWS * 3];
        byte[] stained = new byte[WIDTH * ROWS * 3];
        HistologySlidePainter.builder().optBlockSize(256).build(3).paint(256, WIDTH, ROWS, kinds, plain);
        HistologySlidePainter.builder().optBlockSize(256).optLab(Lab.MACENKO_REFERENCE).build(3)
                .paint(256, WIDTH, ROWS, kinds, stained);
        long tissueChanged = 0;
        long tissue = 0;
        for (int i = 0; i < kinds.length; i++) {
            boolean same = plain[3 * i] == stained[3 * i] && plain[3 * i + 1] == stained[3 * i + 1]
                    && plain[3 * i + 2] == stained[3 * i + 2];
            if (kinds[i] == Tissue.BACKGROUND) {
                assertTrue(same, "glass pixel " + i + " changed");
            } else {
                tissue++;
                tissueChanged += same ? 0 : 1;
            }
        }
        assertTrue(tissue > 0 && tissueChanged > 0.9 * tissue, tissueChanged + " of " + tissue + " changed");
    }

    @Test
    void slidesOfACohortDrawTheirLabFromTheSlideSeed() {
        int[] perLab = new int[2];
        int[] positivesPerLab = new int[2];
        for (int i = 0; i < 40; i++) {
            int lab = HistologySlidePainter.labOf(11 * 1_000_003L + i, 2);
            perLab[lab]++;
            positivesPerLab[lab] += i % 2;
        }
        assertTrue(perLab[0] >= 10 && perLab[1] >= 10, perLab[0] + " / " + perLab[1]);
        assertTrue(positivesPerLab[0] > 0 && positivesPerLab[0] < perLab[0], "labs follow the labels");
    }

    private static SlideLayout layout() {
        return SlideLayout.generate(WIDTH, 900, 2, 0.15, 60, 11);
    }
}

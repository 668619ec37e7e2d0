package org.histo4j.slide.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlideLayoutTest {

    @Test
    void lesionsCoverAboutTheFractionOfTissueAskedFor() {
        for (double asked : new double[] {0.02, 0.1}) {
            SlideLayout layout = SlideLayout.generate(4000, 3000, 3, asked, 60, 17);

            double achieved = layout.lesionFractionOfTissue(8);

            assertTrue(layout.hasLesion());
            assertEquals(asked, achieved, asked * 0.6, "asked " + asked + ", got " + achieved);
        }
    }

    @Test
    void negativeSlideHasTissueButNoLesion() {
        SlideLayout layout = SlideLayout.generate(3000, 2000, 2, 0, 60, 4);

        assertFalse(layout.hasLesion());
        assertEquals(0, layout.fraction(Tissue.LESION, 16));
        double tissue = layout.fraction(Tissue.NORMAL, 16);
        assertTrue(tissue > 0.1 && tissue < 0.9, "tissue covers " + tissue + " of the slide");
    }

    @Test
    void sameSeedSameSlide() {
        SlideLayout a = SlideLayout.generate(1000, 800, 2, 0.05, 30, 9);
        SlideLayout b = SlideLayout.generate(1000, 800, 2, 0.05, 30, 9);

        assertArrayEquals(a.strip(400, 3), b.strip(400, 3));
    }

    @Test
    void stripAgreesWithTissueAtEveryPixel() {
        SlideLayout layout = SlideLayout.generate(900, 700, 3, 0.1, 40, 21);

        Tissue[] strip = layout.strip(100, 500);

        for (int r = 0; r < 500; r++) {
            for (int x = 0; x < 900; x++) {
                assertEquals(layout.tissueAt(x, 100 + r), strip[r * 900 + x], "pixel " + x + "," + (100 + r));
            }
        }
    }
}

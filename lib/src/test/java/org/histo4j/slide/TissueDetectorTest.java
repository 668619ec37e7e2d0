package org.histo4j.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.histo4j.Fixtures;
import org.histo4j.slide.openslide.OpenSlide;
import org.junit.jupiter.api.Test;

/** Tissue detection on a real H&E region, on blank glass and on drawn shapes of known area. */
class TissueDetectorTest {

    private static final Color EOSIN = new Color(230, 140, 190);

    private static BufferedImage glass(int size, long seed) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = 235 + random.nextInt(12);
                image.setRGB(x, y, new Color(v, v - random.nextInt(3), v - random.nextInt(3)).getRGB());
            }
        }
        return image;
    }

    @Test
    void blankGlassHasNoTissue() {
        TissueMask mask = TissueDetector.create().detect(glass(200, 1), 20000, 20000);
        assertEquals(0, mask.tissueFraction());
    }

    @Test
    void aStainedDiscIsFoundWithItsAreaSpecksDroppedAndHolesFilled() {
        BufferedImage image = glass(200, 2);
        Graphics2D g = image.createGraphics();
        g.setColor(EOSIN);
        g.fillRect(40, 40, 100, 100); // 10000 px of tissue
        g.fillRect(180, 10, 2, 2); // a speck of 4 px < 0.0005 * 40000 = 20
        g.setColor(Color.WHITE);
        g.fillRect(80, 80, 5, 5); // a hole of 25 px < 0.002 * 40000 = 80
        g.dispose();
        TissueMask mask = TissueDetector.create().detect(image, 2000, 2000);
        assertEquals(10000 / 40000.0, mask.tissueFraction(), 1e-12);
        assertFalse(mask.isTissue(180, 10));
        assertTrue(mask.isTissue(82, 82));
        // level-0 rectangle (400, 400, 1000, 1000) is the square exactly (10 level-0 px per mask px)
        assertEquals(1.0, mask.tissueFraction(400, 400, 1000, 1000), 1e-12);
        assertEquals(0.5, mask.tissueFraction(900, 400, 1000, 1000), 1e-12);
    }

    @Test
    void penMarksAreDroppedOnlyWhenAsked() {
        BufferedImage image = glass(200, 3);
        Graphics2D g = image.createGraphics();
        g.setColor(EOSIN);
        g.fillRect(40, 40, 100, 100);
        g.setColor(new Color(30, 60, 210)); // blue marker
        g.fillRect(0, 170, 200, 10);
        g.setColor(new Color(40, 160, 70)); // green marker
        g.fillRect(160, 0, 10, 160);
        g.dispose();
        TissueMask kept = TissueDetector.create().detect(image, 200, 200);
        TissueMask removed = TissueDetector.builder().optRemovePenMarks(true).build().detect(image, 200, 200);
        assertTrue(kept.isTissue(100, 175));
        assertTrue(kept.isTissue(165, 20));
        assertEquals(10000 / 40000.0, removed.tissueFraction(), 1e-12);
    }

    @Test
    void otsuSplitsTwoSpikes() {
        int[] histogram = new int[256];
        histogram[10] = 500;
        histogram[200] = 300;
        int t = TissueDetector.otsu(histogram);
        assertTrue(t >= 10 && t < 200, "threshold " + t);
        assertEquals(0, TissueDetector.otsu(new int[256]));
    }

    @Test
    void cmuSmallRegionIsMostlyTissue() {
        try (OpenSlide slide = new OpenSlide(Fixtures.path("slides/CMU-1-Small-Region.svs"))) {
            TissueMask mask = TissueDetector.builder().optThumbnailSize(512).build().detect(slide);
            assertEquals(Math.round(512 * 2220 / 2967.0), mask.width());
            assertEquals(512, mask.height());
            // by eye the tissue is a diagonal band covering about a third of the region
            double fraction = mask.tissueFraction();
            assertTrue(fraction > 0.2 && fraction < 0.6, "tissue fraction " + fraction);
            assertEquals(0, mask.tissueFraction(0, 0, 400, 400), "the top-left corner is glass");
            assertTrue(mask.tissueFraction(1000, 1900, 200, 200) > 0.9, "the band's middle is tissue");
        }
    }
}

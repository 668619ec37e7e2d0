package org.histo4j.slide.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.histo4j.data.image.Patch;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.data.stain.StainMatrix;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import java.util.SplittableRandom;
import org.histo4j.slide.synthetic.SlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.slide.synthetic.Tissue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SlideStain#macenkoPerSlide}: one Macenko fit per slide, on its tissue thumbnail. The slide is painted by
 * Beer-Lambert with exactly one lab's H and E vectors ({@link #labPainter}), so the true stains are known; the
 * histology painter's textures are not pure two-stain mixtures (Macenko finds its default-lab eosin about 20 degrees
 * from Ruifrok's E), so they cannot serve as ground truth for vectors.
 */
class SlideStainTest {

    /** A lab: a blue-leaning hematoxylin and an orange-leaning eosin, neither of the painter's defaults. */
    private static final Lab LAB = Lab.sample("sampled", 11);

    private static final MacenkoNormalizer STANDARD = MacenkoNormalizer.builder()
            .optReference(MacenkoNormalizer.STANDARD).build();

    @TempDir
    static Path dir;

    static Path slide;

    @BeforeAll
    static void paint() throws IOException {
        slide = SyntheticCohort.builder()
                .setPainter(seed -> labPainter(LAB)).optSlides(2).optSize(1024, 768).optIslands(2).optSeed(5)
                .build().write(dir).getFirst().path();
    }

    /**
     * Glass (level 235) off tissue; on tissue, 32-pixel blocks (wider than JPEG's 8-pixel cells, whose chroma bleeds across edges) of hematoxylin only, eosin only or mixtures, each pixel's
     * concentrations varied by up to 20%, stained {@code exp(-(i_H c_H h + i_E c_E e))} with the lab's vectors.
     */
    static SlidePainter labPainter(Lab lab) {
        double[] h = lab.hematoxylin();
        double[] e = lab.eosin();
        return (y0, width, rows, kinds, rgb) -> {
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < width; x++) {
                    int i = r * width + x;
                    long y = y0 + r;
                    SplittableRandom block = new SplittableRandom((y / 32) * 100_003L + x / 32);
                    SplittableRandom pixel = new SplittableRandom(y * 1_000_003L + x);
                    double u = block.nextDouble();
                    double ch = (u < 0.35 ? 0.4 + block.nextDouble() : u < 0.6 ? 0 : 0.2 + 0.8 * block.nextDouble())
                            * lab.hematoxylinIntensity() * (0.8 + 0.4 * pixel.nextDouble());
                    double ce = (u < 0.35 ? 0 : 0.2 + 0.8 * block.nextDouble()) * lab.eosinIntensity()
                            * (0.8 + 0.4 * pixel.nextDouble());
                    for (int c = 0; c < 3; c++) {
                        double v = kinds[i] == Tissue.BACKGROUND ? 235 : 255 * Math.exp(-(ch * h[c] + ce * e[c]));
                        rgb[3 * i + c] = (byte) Math.round(v);
                    }
                }
            }
        };
    }

    private static double angle(double[] u, double[] v) {
        double dot = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2])
                / Math.sqrt((u[0] * u[0] + u[1] * u[1] + u[2] * u[2]) * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
        return Math.toDegrees(Math.acos(Math.min(1, dot)));
    }

    private static SlideStain.Fitted fit(SlideStain stain) {
        try (SlideReader reader = SlideReader.open(slide)) {
            TissueDetector detector = TissueDetector.builder().optThumbnailSize(512).build(); // level 1 of 2
            BufferedImage thumbnail = reader.thumbnail(detector.thumbnailSize());
            TissueMask mask = detector.detect(thumbnail, reader.levelWidth(0), reader.levelHeight(0));
            return stain.fit(thumbnail, mask);
        }
    }

    @Test
    void theFitOnTheThumbnailRecoversTheStainsTheSlideWasPaintedWith() {
        SlideStain.Fitted fitted = fit(SlideStain.macenkoPerSlide(STANDARD));

        MacenkoNormalizer own = assertInstanceOf(MacenkoNormalizer.class, fitted.fitted());
        StainMatrix source = own.source();
        double h = angle(source.hematoxylin(), LAB.hematoxylin());
        double e = angle(source.eosin(), LAB.eosin());
        assertTrue(h < 5 && e < 5, "H off by " + h + " degrees, E by " + e + ": " + source + " vs " + LAB);
        assertTrue(angle(LAB.hematoxylin(), MacenkoNormalizer.STANDARD.hematoxylin()) > 5
                || angle(LAB.eosin(), MacenkoNormalizer.STANDARD.eosin()) > 5, "the lab differs from the reference");
        assertEquals(MacenkoNormalizer.STANDARD, own.reference());
        assertTrue(fitted.identity().startsWith("macenko:slide->macenko@"), fitted.identity());
        assertNotEquals(fitted.identity(), own.identity(), "the cohort's identity is not the slide's fit");
    }

    @Test
    void aSlideFitMapsAColourAlikeInEveryTileWhereAPerTileFitDoesNot() {
        SlideStain.Fitted perSlide = fit(SlideStain.macenkoPerSlide(STANDARD));
        // the same purple pixel in two tiles whose other pixels differ: mostly pink, or mostly blue
        Patch pink = tile(0.95f, 0.55f, 0.75f);
        Patch blue = tile(0.45f, 0.35f, 0.70f);

        assertEquals(first(perSlide.apply(pink)), first(perSlide.apply(blue)));
        assertNotEquals(first(STANDARD.apply(pink)), first(STANDARD.apply(blue)), "a per-tile fit depends on the tile");
        // the image path's one-step form (decode and normalise) gives the same patch through the slide's normaliser
        Patch decoded = Patch.of(pink.toImage());
        assertArrayEquals(perSlide.apply(decoded).pixels(), perSlide.apply(pink.toImage()).pixels());
        assertEquals(4, own(perSlide).counts().normalised());
    }

    private static MacenkoNormalizer own(SlideStain.Fitted fitted) {
        return (MacenkoNormalizer) fitted.fitted();
    }

    /** A 32x32 tile: pixel 0 purple, half the rest {@code (r, g, b)}, the other half a fixed pink-purple mixture. */
    private static Patch tile(float r, float g, float b) {
        int n = 32 * 32;
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            boolean own = i % 2 == 0;
            float shade = 0.9f + 0.1f * ((i * 7919) % 13) / 13f;
            p[i] = i == 0 ? 0.6f : (own ? r : 0.75f) * shade;
            p[n + i] = i == 0 ? 0.4f : (own ? g : 0.45f) * shade;
            p[2 * n + i] = i == 0 ? 0.7f : (own ? b : 0.72f) * shade;
        }
        return new Patch(32, 32, p);
    }

    private static String first(Patch p) {
        int n = p.width() * p.height();
        return p.pixels()[0] + "," + p.pixels()[n] + "," + p.pixels()[2 * n];
    }
}

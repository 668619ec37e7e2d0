package org.histo4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

    @Test
    void theStainNormaliserSeesTheDecodedImageBeforeResizingAndItsIdentityIsDescribed() {
        List<Integer> seen = new ArrayList<>();
        StainNormalizer halve = new StainNormalizer() {
            @Override
            public Patch apply(Patch patch) {
                seen.add(patch.width());
                float[] px = patch.pixels().clone();
                for (int i = 0; i < px.length; i++) {
                    px[i] /= 2;
                }
                return new Patch(patch.width(), patch.height(), px);
            }

            @Override
            public String identity() {
                return "halve-v1";
            }
        };
        BufferedImage white = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            white.setRGB(i % 8, i / 8, 0xFFFFFF);
        }
        ImagePipeline pipeline = ImagePipeline.of(4, Normalization.MINUS_ONE_TO_ONE).withStainNormalizer(halve);
        float[] x = pipeline.tensor(white, new SplittableRandom(1));

        assertEquals(List.of(8), seen, "the normaliser runs on the 8 px decoded image, before the resize to 4");
        float[] expected = new float[3 * 4 * 4];
        // white 1.0 halved to 0.5, then (0.5 - 0.5) * 2 = 0
        assertArrayEquals(expected, x, 0f);
        assertTrue(pipeline.describe().startsWith("stain=halve-v1;"), pipeline.describe());
        assertTrue(pipeline.describe().contains("minus-one-to-one mean=[0.5, 0.5, 0.5]"), pipeline.describe());
    }

    @Test
    void normalisationOnHostArraysGivesTheImageNetFormula() {
        Patch grey = new Patch(1, 1, new float[] {0.5f, 0.5f, 0.5f});
        float[] out = new float[3];
        Normalization.IMAGENET.apply(grey, out, 0);
        assertArrayEquals(new float[] {(0.5f - 0.485f) / 0.229f, (0.5f - 0.456f) / 0.224f,
            (0.5f - 0.406f) / 0.225f}, out, 1e-6f);
    }
}

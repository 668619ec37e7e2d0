package org.histo4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an image's pixels: the direct raster read agrees with Java2D's colour conversion for every layout. */
class PatchTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_INT_ARGB_PRE})
    void packedRgbIsGetRgbForEveryImageTypeAndForSubImages(int type) {
        BufferedImage image = randomImage(type, 13, 7);
        BufferedImage part = image.getSubimage(2, 1, 9, 5);

        assertArrayEquals(rgbOf(image), masked(Patch.packedRgb(image)));
        assertArrayEquals(rgbOf(part), masked(Patch.packedRgb(part)));
        Patch patch = Patch.of(part);
        assertEquals(((rgbOf(part)[10] >> 8) & 255) / 255f, patch.get(1, 1, 1));
    }

    private static BufferedImage randomImage(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        SplittableRandom random = new SplittableRandom(type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xFF000000 | random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static int[] rgbOf(BufferedImage image) {
        return masked(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()));
    }

    private static int[] masked(int[] argb) {
        return Arrays.stream(argb).map(v -> v & 0xFFFFFF).toArray();
    }
}

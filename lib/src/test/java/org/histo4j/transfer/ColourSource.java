package org.histo4j.transfer;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.histo4j.data.ImageSource;

/**
 * An easy two-class task for tests: class 0 is reddish, class 1 bluish, with per-pixel noise; label {@code i mod 2},
 * groups of {@code groupSize} consecutive images.
 */
public record ColourSource(int size, int groupSize, int side) implements ImageSource {

    @Override
    public String name() {
        return "colours";
    }

    @Override
    public List<String> classes() {
        return List.of("red", "blue");
    }

    @Override
    public int label(int index) {
        return index % 2;
    }

    @Override
    public String group(int index) {
        return "g" + index / groupSize;
    }

    @Override
    public String location(int index) {
        return "colours#" + index;
    }

    @Override
    public BufferedImage read(int index) {
        SplittableRandom random = new SplittableRandom(index * 7919L + 1);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int noise = random.nextInt(120);
                int strong = 100 + random.nextInt(100);
                int rgb = label(index) == 0 ? strong << 16 | noise << 8 | noise : noise << 16 | noise << 8 | strong;
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}

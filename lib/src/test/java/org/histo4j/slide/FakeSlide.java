package org.histo4j.slide;

import java.awt.image.BufferedImage;

/**
 * A slide in memory for tests: its pixel at level-pixel (u, v) of level l has red {@code u mod 256}, green
 * {@code v mod 256} and blue {@code l}; outside the level it is transparent.
 */
final class FakeSlide implements SlideReader {

    private final SlideMetadata metadata;
    private boolean closed;

    FakeSlide(SlideMetadata metadata) {
        this.metadata = metadata;
    }

    /** Levels 1000x800, 500x400, 250x200 and 125x100 (downsamples 1, 2, 4, 8), no calibration. */
    static SlideMetadata pyramid() {
        return SlideMetadata.builder().setSource("fake").setVendor("fake").addLevel(1000, 800, 1)
                .addLevel(500, 400, 2).addLevel(250, 200, 4).addLevel(125, 100, 8).build();
    }

    @Override
    public SlideMetadata metadata() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        return metadata;
    }

    @Override
    public BufferedImage readRegion(long x, long y, int level, int width, int height) {
        SlideLevel l = metadata().level(level);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        long u0 = Math.round(x / l.downsample());
        long v0 = Math.round(y / l.downsample());
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                long u = u0 + i;
                long v = v0 + j;
                if (u >= 0 && v >= 0 && u < l.width() && v < l.height()) {
                    image.setRGB(i, j, 0xff000000 | (int) (u & 0xff) << 16 | (int) (v & 0xff) << 8 | level);
                }
            }
        }
        return image;
    }

    @Override
    public BufferedImage readAssociatedImage(String name) {
        throw new IllegalArgumentException("no associated image " + name);
    }

    @Override
    public void close() {
        closed = true;
    }
}

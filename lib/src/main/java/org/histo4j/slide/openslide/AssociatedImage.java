package org.histo4j.slide.openslide;

import java.awt.image.BufferedImage;

/**
 * An associated image of an OpenSlide slide (label, macro, thumbnail...), read when asked for, as in the
 * official binding.
 *
 * @param name the image's name
 * @param slide the slide it belongs to
 */
public record AssociatedImage(String name, OpenSlide slide) {

    /** Reads the image as un-premultiplied ARGB. */
    public BufferedImage toBufferedImage() {
        return slide.readAssociatedImage(name);
    }
}

package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import org.histo4j.data.ForwardingImageSource;
import org.histo4j.data.ImageSource;
import org.histo4j.data.image.StainNormalizer;

/**
 * An image source whose images come out stain-normalised (rounded back to 8-bit RGB), labels, groups and splits
 * unchanged: a way to normalise a whole task with any existing consumer of {@link ImageSource}. Whatever caches its
 * features must record {@link #normalizer()}{@code .identity()}, since the locations are the inner source's.
 */
public final class NormalizedSource extends ForwardingImageSource {

    private final StainNormalizer normalizer;

    /** Normalises the images of {@code inner} with {@code normalizer}. */
    public NormalizedSource(ImageSource inner, StainNormalizer normalizer) {
        super(inner);
        this.normalizer = normalizer;
    }

    /** The normaliser applied. */
    public StainNormalizer normalizer() {
        return normalizer;
    }

    @Override
    public BufferedImage read(int index) {
        return normalizer.apply(inner().read(index)).toImage();
    }
}

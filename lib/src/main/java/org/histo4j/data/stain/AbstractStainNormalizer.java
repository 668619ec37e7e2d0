package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicLong;
import org.histo4j.data.image.Patch;

/**
 * The base of the fitted normalisers: counts the images normalised and passed through, and gives subclasses the
 * tissue test they share.
 */
public abstract class AbstractStainNormalizer implements StainNormalizer {

    private final AtomicLong normalised = new AtomicLong();
    private final AtomicLong passedThrough = new AtomicLong();

    /** Counts nothing yet. */
    protected AbstractStainNormalizer() {}

    @Override
    public final Patch apply(Patch patch) {
        Patch out = transform(patch);
        if (out == null) {
            passedThrough.incrementAndGet();
            return patch;
        }
        normalised.incrementAndGet();
        return out;
    }

    @Override
    public final Patch apply(BufferedImage image) {
        Patch out = transform(image);
        if (out == null) {
            passedThrough.incrementAndGet();
            return Patch.of(image);
        }
        normalised.incrementAndGet();
        return out;
    }

    @Override
    public final StainCounts counts() {
        return new StainCounts(normalised.get(), passedThrough.get());
    }

    /** The normalised image, or {@code null} to pass {@code patch} through unchanged. */
    protected abstract Patch transform(Patch patch);

    /**
     * The normalised image decoded from {@code image}, or {@code null} to pass it through unchanged; by default
     * {@code transform(Patch.of(image))}. Override it when the normaliser can work from the 8-bit pixels directly.
     */
    protected Patch transform(BufferedImage image) {
        return transform(Patch.of(image));
    }

    /**
     * Whether enough of an image is tissue to normalise it: at least {@code minFraction} of its pixels, and at least
     * 16, have an optical density of norm {@code beta} or more.
     */
    protected static boolean enoughTissue(int tissuePixels, int pixels, double minFraction) {
        return tissuePixels >= 16 && tissuePixels >= minFraction * pixels;
    }
}

package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Split;
import org.histo4j.data.batch.Patch;

/**
 * An image source whose images come out stain-normalised (rounded back to 8-bit RGB), labels, groups and splits
 * unchanged: a way to normalise a whole task with any existing consumer of {@link ImageSource}. Whatever caches its
 * features must record {@link #normalizer()}{@code .identity()}, since the locations are the inner source's.
 */
public final class NormalizedSource implements ImageSource {

    private final ImageSource inner;
    private final StainNormalizer normalizer;

    /** Normalises the images of {@code inner} with {@code normalizer}. */
    public NormalizedSource(ImageSource inner, StainNormalizer normalizer) {
        this.inner = inner;
        this.normalizer = normalizer;
    }

    /** The normaliser applied. */
    public StainNormalizer normalizer() {
        return normalizer;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<String> classes() {
        return inner.classes();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public int label(int index) {
        return inner.label(index);
    }

    @Override
    public String group(int index) {
        return inner.group(index);
    }

    @Override
    public String location(int index) {
        return inner.location(index);
    }

    @Override
    public BufferedImage read(int index) {
        BufferedImage image = inner.read(index);
        Patch in = Patch.of(image);
        Patch out = normalizer.apply(in);
        return out == in ? image : out.toImage();
    }

    @Override
    public Optional<Split> presetSplit(int index) {
        return inner.presetSplit(index);
    }

    @Override
    public List<String> skipped() {
        return inner.skipped();
    }

    @Override
    public void close() {
        inner.close();
    }
}

package org.histo4j.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * An image source that answers everything from another source: extend it and override {@link #read(int)} (or
 * anything else) to change the images of a source while keeping its labels, groups and splits.
 */
public abstract class ForwardingImageSource implements ImageSource {

    private final ImageSource inner;

    /** Forwards to {@code inner}. */
    protected ForwardingImageSource(ImageSource inner) {
        this.inner = inner;
    }

    /** The source forwarded to. */
    protected final ImageSource inner() {
        return inner;
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
        return inner.read(index);
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

package org.histo4j.data.source;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.histo4j.data.ImageSource;

/**
 * A source that keeps every image it decodes, up to a budget of bytes (4 per pixel), so that repeated passes
 * (fine-tuning's epochs, folds and seeds) decode each image once; images beyond the budget are decoded on each
 * read. Safe for concurrent reads; it does not close the underlying source.
 */
public final class MemoizedSource implements ImageSource {

    private final ImageSource source;
    private final long budgetBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicReferenceArray<BufferedImage> images;

    private MemoizedSource(ImageSource source, long budgetBytes) {
        this.source = source;
        this.budgetBytes = budgetBytes;
        this.images = new AtomicReferenceArray<>(source.size());
    }

    /** Keeps up to {@code budgetBytes} of decoded images of {@code source}. */
    public static MemoizedSource of(ImageSource source, long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must be >= 0 bytes, got " + budgetBytes);
        }
        return new MemoizedSource(source, budgetBytes);
    }

    @Override
    public BufferedImage read(int index) {
        BufferedImage kept = images.get(index);
        if (kept != null) {
            return kept;
        }
        BufferedImage image = source.read(index);
        long bytes = 4L * image.getWidth() * image.getHeight();
        if (used.addAndGet(bytes) <= budgetBytes) {
            images.compareAndSet(index, null, image);
        } else {
            used.addAndGet(-bytes);
        }
        return image;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public List<String> classes() {
        return source.classes();
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }

    @Override
    public String group(int index) {
        return source.group(index);
    }

    @Override
    public String location(int index) {
        return source.location(index);
    }
}

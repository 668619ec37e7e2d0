package org.histo4j.data.source;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.histo4j.data.ForwardingImageSource;
import org.histo4j.data.ImageSource;

/**
 * A source that keeps every image it decodes, up to a budget of bytes (4 per pixel), so that repeated passes
 * (fine-tuning's epochs, folds and seeds) decode each image once; images beyond the budget are decoded on each
 * read. Safe for concurrent reads; labels, groups and splits are the underlying source's, which it does not close.
 */
public final class MemoizedSource extends ForwardingImageSource {

    private final long budgetBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicReferenceArray<BufferedImage> images;

    private MemoizedSource(ImageSource source, long budgetBytes) {
        super(source);
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
        BufferedImage image = inner().read(index);
        long bytes = 4L * image.getWidth() * image.getHeight();
        if (used.addAndGet(bytes) <= budgetBytes) {
            images.compareAndSet(index, null, image);
        } else {
            used.addAndGet(-bytes);
        }
        return image;
    }

    /** Leaves the underlying source open: its owner closes it. */
    @Override
    public void close() {
        // the memo only borrows the source
    }
}

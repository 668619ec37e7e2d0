package org.histo4j.transfer;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;

/**
 * Some images of a source, in the given order, as a source of their own (same name and classes); reads go to the
 * underlying source, which the view does not close.
 */
public final class SourceView implements ImageSource {

    private final ImageSource source;
    private final int[] rows;

    private SourceView(ImageSource source, int[] rows) {
        this.source = source;
        this.rows = rows.clone();
        IntStream.of(rows).filter(r -> r < 0 || r >= source.size()).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("row " + r + " is outside 0.." + (source.size() - 1));
        });
    }

    /** The given rows of {@code source}. */
    public static SourceView of(ImageSource source, int[] rows) {
        return new SourceView(source, rows);
    }

    /**
     * At most {@code max} images spread evenly over {@code source} (row {@code floor(i * n / max)} for
     * i = 0..max-1); the whole source when it has no more than {@code max}.
     */
    public static ImageSource evenlySpaced(ImageSource source, int max) {
        int n = source.size();
        if (max < 1) {
            throw new IllegalArgumentException("max images must be >= 1, got " + max);
        }
        return n <= max ? source : of(source, IntStream.range(0, max).map(i -> (int) ((long) i * n / max)).toArray());
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
        return rows.length;
    }

    @Override
    public int label(int index) {
        return source.label(rows[index]);
    }

    @Override
    public String group(int index) {
        return source.group(rows[index]);
    }

    @Override
    public String location(int index) {
        return source.location(rows[index]);
    }

    @Override
    public BufferedImage read(int index) {
        return source.read(rows[index]);
    }
}

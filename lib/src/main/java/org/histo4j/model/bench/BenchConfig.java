package org.histo4j.model.bench;

import java.util.List;
import org.histo4j.model.Encoders;

/**
 * One benchmark request: an encoder architecture (see {@link Encoders#ARCHITECTURES}) with a 1000-class linear
 * head, timed in {@code mode} on random float32 batches of {@code batch} square images of each of {@code sizes}
 * pixels, on {@code threads} intra-op threads, after {@code warmup} untimed steps, over {@code iterations} timed
 * steps.
 */
public record BenchConfig(String architecture, BenchMode mode, List<Integer> sizes, int batch, int threads,
                          int warmup, int iterations) {

    /** The number of classes of the linear head, as in torchvision's ImageNet models. */
    public static final int CLASSES = 1000;

    /** Validates every field, naming the bad value. */
    public BenchConfig {
        if (architecture == null || !Encoders.ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture must be one of " + Encoders.ARCHITECTURES + ", got "
                    + architecture);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required (train or infer)");
        }
        if (sizes == null || sizes.isEmpty() || sizes.stream().anyMatch(s -> s == null || s < 1)) {
            throw new IllegalArgumentException("sizes must be positive pixel counts, got " + sizes);
        }
        sizes = List.copyOf(sizes);
        positive("batch", batch);
        positive("threads", threads);
        positive("iterations", iterations);
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, got " + value);
        }
    }
}

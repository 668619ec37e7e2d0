package org.histo4j.data.batch;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.histo4j.Histo4jException;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.UnreadableImageException;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.image.ImagePipeline;
import org.histo4j.data.image.Normalization;
import org.histo4j.data.image.StainNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the batches of a training run. Batch {@code k} depends only on (seed, k): sample {@code i} of it is drawn
 * and augmented with a generator seeded by {@code mix(seed, k, i)}, so a resumed run gets exactly the batches it
 * would have had. Images go through the one {@link ImagePipeline} (stain normaliser, resize or crop, augmentation,
 * the encoder's normalisation), so they reach the encoder as feature extraction would give them. {@link #prepare(long)} builds one batch synchronously; {@link #stream(long, int, int)} builds
 * batches ahead on worker threads. Under {@link ImageFailurePolicy#SKIP} an unreadable image is logged and listed
 * ({@link #skipped()}) and the sample is drawn again from the same generator; under FAIL it stops the run.
 */
public final class BatchLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
    private static final int MAX_REDRAWS = 100;

    private final Sampler sampler;
    private final ImagePipeline pipeline;
    private final int batchSize;
    private final long seed;
    private final ImageFailurePolicy policy;
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    private BatchLoader(Builder b) {
        this.sampler = b.sampler;
        this.pipeline = new ImagePipeline(b.stain, b.augmentation, b.normalization);
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.policy = b.policy;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The output image size. */
    public int imageSize() {
        return pipeline.size();
    }

    /** The image path of every sample: stain normaliser, augmentation, normalisation. */
    public ImagePipeline pipeline() {
        return pipeline;
    }

    /** Builds batch {@code step}, a pure function of (seed, step). */
    public HostBatch prepare(long step) {
        int size = pipeline.size();
        int perImage = 3 * size * size;
        float[] images = new float[batchSize * perImage];
        long[] labels = new long[batchSize];
        long[] tasks = new long[batchSize];
        List<SampleRef> samples = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            SplittableRandom rng = new SplittableRandom(mix(seed, step, i));
            Drawn drawn = drawReadable(step, i, rng);
            pipeline.write(drawn.image, rng, images, i * perImage);
            labels[i] = sampler.view().pool().task(drawn.ref.task()).label(drawn.ref.index());
            tasks[i] = drawn.ref.task();
            samples.add(drawn.ref);
        }
        return new HostBatch(step, size, images, labels, tasks, List.copyOf(samples));
    }

    /**
     * Batches {@code fromStep, fromStep + 1, ...} built ahead by {@code workers} threads, at most {@code ahead}
     * batches waiting; close the stream to stop the workers.
     */
    public BatchStream stream(long fromStep, int workers, int ahead) {
        return new BatchStream(this, fromStep, workers, ahead);
    }

    /** Locations of images skipped so far because they could not be read. */
    public Set<String> skipped() {
        return Set.copyOf(skipped);
    }

    private record Drawn(SampleRef ref, BufferedImage image) {}

    private Drawn drawReadable(long step, int position, SplittableRandom rng) {
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            SampleRef ref = sampler.draw(step, position, batchSize, rng);
            ImageSource source = sampler.view().pool().task(ref.task());
            try {
                return new Drawn(ref, source.read(ref.index()));
            } catch (UnreadableImageException e) {
                if (policy == ImageFailurePolicy.FAIL) {
                    throw e;
                }
                if (skipped.add(e.location())) {
                    LOG.warn("skipping {}", e.getMessage());
                }
            }
        }
        throw new Histo4jException("no readable image after " + MAX_REDRAWS + " draws for batch " + step
                + "; skipped so far: " + skipped.size() + " images, e.g. " + skipped.stream().findFirst().orElse(""));
    }

    /** SplitMix64 finaliser over (seed, step, position): decorrelated seeds for neighbouring samples. */
    static long mix(long seed, long step, int position) {
        long z = seed + 0x9E3779B97F4A7C15L * (step * 1_000_003L + position + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds a {@link BatchLoader}: sampler, augmentation and batch size are required. */
    public static final class Builder {
        private Sampler sampler;
        private Augmentation augmentation;
        private Normalization normalization = Normalization.IMAGENET;
        private StainNormalizer stain = StainNormalizer.NONE;
        private int batchSize = -1;
        private long seed = 42;
        private ImageFailurePolicy policy = ImageFailurePolicy.FAIL;

        /** An empty builder; see the enclosing class for how to get one. */
        Builder() {
            // fields start at their defaults
        }

        /** The sampler (required). */
        public Builder setSampler(Sampler value) {
            sampler = value;
            return this;
        }

        /** The augmentation, which fixes the output size (required; {@link Augmentation#none} for none). */
        public Builder setAugmentation(Augmentation value) {
            augmentation = value;
            return this;
        }

        /** The batch size (required). */
        public Builder setBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /** The normalisation (default ImageNet). */
        public Builder optNormalization(Normalization value) {
            normalization = value;
            return this;
        }

        /** The stain normaliser applied right after decoding (default {@link StainNormalizer#NONE}). */
        public Builder optStainNormalizer(StainNormalizer value) {
            stain = value;
            return this;
        }

        /** The seed (default 42). */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /** What to do with unreadable images (default FAIL). */
        public Builder optFailurePolicy(ImageFailurePolicy value) {
            policy = value;
            return this;
        }

        /** Validates and builds. */
        public BatchLoader build() {
            if (sampler == null) {
                throw new IllegalArgumentException("batch loader: sampler is not set");
            }
            if (augmentation == null) {
                throw new IllegalArgumentException("batch loader: augmentation is not set");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch loader: batchSize must be positive, got " + batchSize);
            }
            if (normalization == null || policy == null || stain == null) {
                throw new IllegalArgumentException("batch loader: optNormalization, optFailurePolicy and"
                        + " optStainNormalizer must not be null");
            }
            return new BatchLoader(this);
        }
    }
}

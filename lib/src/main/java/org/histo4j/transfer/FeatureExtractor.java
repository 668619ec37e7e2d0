package org.histo4j.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.histo4j.Histo4jException;
import org.histo4j.WriteLock;
import org.histo4j.data.ImageSource;
import org.histo4j.data.image.ImagePipeline;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.weights.Weights;

/**
 * Extracts frozen features of every image of a source with an encoder, in the source's order, batched, with images
 * decoded and prepared on worker threads while the encoder runs. Each image goes through the encoder's own
 * {@link Encoder#preprocessing()} (with the stain normaliser set here), the image path pre-training uses too.
 * Test-time options: a centre crop (keep the central fraction of
 * each image before resizing to the encoder's input size) and flip averaging (the mean of the features of the image
 * and of its horizontal and vertical mirrors). {@link #extractCached} keeps the result in a {@link FeatureCache}
 * and rebuilds it whenever the encoder, its weights, the options or the inputs changed.
 */
public final class FeatureExtractor {

    /** Test-time augmentation of feature extraction. */
    public enum TestTimeAugmentation {
        /** The image as it is. */
        NONE,
        /** Mean of the features of the image, its left-right mirror and its up-down mirror. */
        FLIPS
    }

    private final Encoder encoder;
    private final int batchSize;
    private final int threads;
    private final double centreCrop;
    private final TestTimeAugmentation augmentation;
    private final boolean verifyCache;
    private final ImagePipeline pipeline;
    private final Device device;

    private FeatureExtractor(Builder b) {
        this.encoder = b.encoder;
        this.pipeline = b.encoder.preprocessing().withStainNormalizer(b.stain);
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.centreCrop = b.centreCrop;
        this.augmentation = b.augmentation;
        this.verifyCache = b.verifyCache;
        this.device = b.device;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The provenance a cache of this extractor on {@code source} records; {@code description} names the data. */
    public CacheProvenance provenance(ImageSource source, String description) {
        List<String> inputs = new ArrayList<>(source.size());
        int[] labels = source.labels();
        String[] groups = source.groups();
        for (int i = 0; i < source.size(); i++) {
            inputs.add(source.location(i) + "\t" + labels[i] + "\t" + groups[i]);
        }
        return CacheProvenance.builder().setEncoder(encoder.name())
                .setWeightsHash(Weights.digest(encoder.namedParameters()))
                .optTruncation(encoder.truncatedAfter().orElse("none")).setInputSize(encoder.inputSize())
                .setNormalisation(String.format(Locale.ROOT, "%s;crop=%.3f;tta=%s", pipeline.describe(),
                        centreCrop, augmentation))
                .setSource(description).setInputListHash(CacheProvenance.hashInputs(inputs)).build();
    }

    /**
     * The features of {@code source} from {@code cache} when it is fresh (same provenance, every input of the same
     * size and modification time, see {@link FeatureCache#reuse}); otherwise extracts and rewrites it. The cache is
     * locked meanwhile through {@code CACHE.lock} ({@link WriteLock}).
     */
    public FeatureSet extractCached(ImageSource source, String description, Path cache, IntConsumer progress) {
        CacheProvenance expected = provenance(source, description);
        InputStamps inputs = InputStamps.of(source, verifyCache);
        try (WriteLock lock = WriteLock.acquire(cache.resolveSibling(cache.getFileName() + ".lock"),
                "feature cache " + cache)) { // taking the lock also proves the cache's folder writable
            if (Files.isDirectory(cache)) {
                throw new Histo4jException("cannot write feature cache " + cache + ": a folder of that name exists");
            }
            Optional<FeatureSet> cached = FeatureCache.reuse(cache, expected, inputs);
            if (cached.isPresent()) {
                return cached.get();
            }
            FeatureSet features = extract(source, progress);
            FeatureCache.write(cache, features, expected, inputs);
            return features;
        }
    }

    /** The features of every image of {@code source}, in order; {@code progress} gets the count done so far. */
    public FeatureSet extract(ImageSource source, IntConsumer progress) {
        int n = source.size();
        float[][] features = new float[n][];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "histo4j-decode");
            t.setDaemon(true);
            return t;
        });
        if (!encoder.block().isInitialized()) {
            throw new IllegalStateException("encoder " + encoder.name() + " is not initialised: call initialize(manager)"
                    + " or load its weights first");
        }
        try (NDManager manager = NDManager.newBaseManager(device != null ? device : Devices.of(encoder))) {
            CompletableFuture<List<float[]>> next = decode(source, 0, pool);
            for (int start = 0; start < n; start += batchSize) {
                List<float[]> images = next.join();
                int following = start + batchSize;
                next = following < n ? decode(source, following, pool) : null;
                float[][] batch = encode(manager, images);
                System.arraycopy(batch, 0, features, start, batch.length);
                progress.accept(Math.min(n, following));
            }
        } finally {
            pool.shutdownNow();
        }
        return FeatureSet.of(source, features);
    }

    /** Images {@code start..} of one batch read, cropped and prepared by the pipeline on the worker threads. */
    private CompletableFuture<List<float[]>> decode(ImageSource source, int start, ExecutorService pool) {
        int end = Math.min(source.size(), start + batchSize);
        List<CompletableFuture<float[]>> images = new ArrayList<>();
        for (int i = start; i < end; i++) {
            int index = i;
            images.add(CompletableFuture.supplyAsync(() -> pipeline.tensor(crop(source.read(index)),
                    new SplittableRandom(index)), pool));
        }
        return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new))
                .thenApply(v -> images.stream().map(CompletableFuture::join).toList());
    }

    private BufferedImage crop(BufferedImage image) {
        if (centreCrop >= 1) {
            return image;
        }
        int w = (int) Math.round(image.getWidth() * centreCrop);
        int h = (int) Math.round(image.getHeight() * centreCrop);
        return image.getSubimage((image.getWidth() - w) / 2, (image.getHeight() - h) / 2, w, h);
    }

    private float[][] encode(NDManager parent, List<float[]> images) {
        int size = pipeline.size();
        int per = 3 * size * size;
        float[] data = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * per, per);
        }
        try (NDManager batch = parent.newSubManager()) {
            NDArray x = batch.create(data, new Shape(images.size(), 3, size, size));
            NDArray f = encoder.encode(x);
            if (augmentation == TestTimeAugmentation.FLIPS) {
                // flipping commutes with the per-channel normalisation, so flipping the prepared tensor is exact
                f = f.add(encoder.encode(x.flip(3))).add(encoder.encode(x.flip(2))).div(3f);
            }
            int width = (int) f.getShape().get(1);
            float[] flat = f.toFloatArray();
            float[][] rows = new float[images.size()][width];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(flat, r * width, rows[r], 0, width);
            }
            return rows;
        }
    }

    /** Configures a {@link FeatureExtractor}. */
    public static final class Builder {
        private Encoder encoder;
        private int batchSize = 64;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private double centreCrop = 1;
        private TestTimeAugmentation augmentation = TestTimeAugmentation.NONE;
        private boolean verifyCache;
        private StainNormalizer stain = StainNormalizer.NONE;
        private Device device;

        private Builder() {}

        /** The device batches are made and encoded on (default: where the encoder's parameters are). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** The encoder, initialised or loaded with weights (required). */
        public Builder setEncoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Images per forward pass (default 64). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Threads decoding images (default: the number of cores). */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The central fraction of each image to keep before resizing, in (0, 1] (default 1: no crop). */
        public Builder optCentreCrop(double fraction) {
            this.centreCrop = fraction;
            return this;
        }

        /** Test-time augmentation (default none). */
        public Builder optTestTimeAugmentation(TestTimeAugmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Whether a cache is checked against a SHA-256 of every input's bytes, not only its size and modification
         * time (default false: reading every input costs time; turn it on when files may be rewritten in the same
         * millisecond with the same size).
         */
        public Builder optVerifyCache(boolean verifyCache) {
            this.verifyCache = verifyCache;
            return this;
        }

        /** The stain normaliser applied right after decoding (default none); its identity goes into caches. */
        public Builder optStainNormalizer(StainNormalizer stain) {
            this.stain = stain;
            return this;
        }

        /** Builds the extractor. */
        public FeatureExtractor build() {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder: setEncoder(...) is required");
            }
            if (batchSize < 1 || threads < 1) {
                throw new IllegalArgumentException("batchSize and threads must be positive");
            }
            if (stain == null) {
                throw new IllegalArgumentException("stain: optStainNormalizer(...) must not be null");
            }
            if (!(centreCrop > 0 && centreCrop <= 1)) {
                throw new IllegalArgumentException("centreCrop must be in (0, 1], got " + centreCrop);
            }
            return new FeatureExtractor(this);
        }
    }
}

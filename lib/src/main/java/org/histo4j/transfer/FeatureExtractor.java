package org.histo4j.transfer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
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
import org.histo4j.model.InferenceParameters;
import org.histo4j.model.Precision;
import org.histo4j.model.weights.Weights;

/**
 * Extracts frozen features of every image of a source with an encoder, in the source's order, batched, with images
 * decoded and prepared on worker threads while the encoder runs. Each image goes through the encoder's own
 * {@link Encoder#preprocessing()} (with the stain normaliser set here), the image path pre-training uses too.
 * Test-time options: a centre crop (keep the central fraction of
 * each image before resizing to the encoder's input size) and flip averaging (the mean of the features of the image
 * and of its horizontal and vertical mirrors). {@link #extractCached} keeps the result in a {@link FeatureCache}
 * and rebuilds it whenever the encoder, its weights, the options or the inputs changed.
 *
 * <p>Devices and precision: each batch is copied to a device once and its features stay there until the batch is
 * done; with several devices ({@link Builder#optDevices}) batches go round-robin to them, each device holding a copy
 * of the weights, and the features of one batch are read back while the next one runs. With
 * {@link Builder#optPrecision} fp16 or bf16 the weights and inputs are cast (the encoder's own parameters are left
 * in float32) and the features come back as float32; the precision is part of the cache's provenance.
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
    private final Devices devices;
    private final Precision precision;

    private FeatureExtractor(Builder b) {
        this.encoder = b.encoder;
        this.pipeline = b.encoder.preprocessing().withStainNormalizer(b.stain);
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.centreCrop = b.centreCrop;
        this.augmentation = b.augmentation;
        this.devices = b.devices;
        this.precision = b.precision;
        this.verifyCache = b.verifyCache;
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
                .setNormalisation(String.format(Locale.ROOT, "%s;crop=%.3f;tta=%s%s", pipeline.describe(),
                        centreCrop, augmentation, precision == Precision.FP32 ? "" : ";precision=" + precision))
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
        if (precision != Precision.FP32 && encoder.block() instanceof SymbolBlock) {
            throw new IllegalArgumentException("encoder " + encoder.name() + " is a TorchScript model, which runs in"
                    + " the precision it was saved in: optPrecision(FP32)");
        }
        List<Device> targets = devices != null ? devices.devices() : List.of(Devices.of(encoder));
        try (NDManager manager = NDManager.newBaseManager(targets.getFirst());
                InferenceParameters weights = new InferenceParameters(manager, precision)) {
            CompletableFuture<List<float[]>> next = decode(source, 0, pool);
            Pending pending = null;
            int batchIndex = 0;
            for (int start = 0; start < n; start += batchSize) {
                List<float[]> images = next.join();
                int following = start + batchSize;
                next = following < n ? decode(source, following, pool) : null;
                Pending launched = launch(manager, targets.get(batchIndex++ % targets.size()), weights, images, start);
                if (pending != null) {
                    pending.collect(features);
                    progress.accept(start);
                }
                pending = launched;
            }
            if (pending != null) {
                pending.collect(features);
                progress.accept(n);
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

    /**
     * Copies one batch to {@code device} (one copy for the whole batch) and queues its forward pass there; the
     * features stay on the device until {@link Pending#collect}.
     */
    private Pending launch(NDManager parent, Device device, InferenceParameters weights, List<float[]> images,
            int start) {
        int size = pipeline.size();
        int per = 3 * size * size;
        float[] data = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * per, per);
        }
        NDManager batch = parent.newSubManager(device);
        try {
            NDArray x = batch.create(data, new Shape(images.size(), 3, size, size));
            if (precision != Precision.FP32) {
                x = x.toType(precision.dataType(), false);
            }
            NDArray f = encoder.encode(x, weights);
            if (augmentation == TestTimeAugmentation.FLIPS) {
                // flipping commutes with the per-channel normalisation, so flipping the prepared tensor is exact
                f = f.add(encoder.encode(x.flip(3), weights)).add(encoder.encode(x.flip(2), weights)).div(3f);
            }
            return new Pending(batch, f.toType(DataType.FLOAT32, false), start);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    /** The features of one batch, still on its device, and where they go in the result. */
    private record Pending(NDManager batch, NDArray features, int start) {

        void collect(float[][] into) {
            try (batch) {
                int width = (int) features.getShape().get(1);
                int rows = (int) features.getShape().get(0);
                float[] flat = features.toFloatArray();
                for (int r = 0; r < rows; r++) {
                    into[start + r] = new float[width];
                    System.arraycopy(flat, r * width, into[start + r], 0, width);
                }
            }
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
        private Devices devices;
        private Precision precision = Precision.FP32;

        private Builder() {}

        /** The device batches are made and encoded on (default: where the encoder's parameters are). */
        public Builder optDevice(Device device) {
            this.devices = device == null ? null : new Devices(List.of(device));
            return this;
        }

        /** The devices batches go to, round-robin (default: where the encoder's parameters are). */
        public Builder optDevices(Devices devices) {
            this.devices = devices;
            return this;
        }

        /** The precision of the forward pass (default fp32); recorded in the cache's provenance. */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
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
            if (stain == null || precision == null) {
                throw new IllegalArgumentException((stain == null ? "stain: optStainNormalizer" : "precision:"
                        + " optPrecision") + "(...) must not be null");
            }
            try {
                precision.checkAvailable();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("optPrecision(" + precision + "): " + e.getMessage(), e);
            }
            if (!(centreCrop > 0 && centreCrop <= 1)) {
                throw new IllegalArgumentException("centreCrop must be in (0, 1], got " + centreCrop);
            }
            return new FeatureExtractor(this);
        }
    }
}

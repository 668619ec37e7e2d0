package org.histo4j.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Encoder;
import org.histo4j.model.ImageTensors;
import org.histo4j.model.weights.Weights;

/**
 * Extracts frozen features of every image of a source with an encoder, in the source's order, batched, with images
 * decoded on worker threads while the encoder runs. Test-time options: a centre crop (keep the central fraction of
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

    private FeatureExtractor(Builder b) {
        this.encoder = b.encoder;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.centreCrop = b.centreCrop;
        this.augmentation = b.augmentation;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The provenance a cache of this extractor on {@code source} records; {@code description} names the data. */
    public CacheProvenance provenance(ImageSource source, String description) {
        List<String> inputs = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            inputs.add(source.location(i) + "\t" + source.label(i) + "\t" + source.group(i));
        }
        return CacheProvenance.builder().setEncoder(encoder.name())
                .setWeightsHash(Weights.digest(encoder.namedParameters()))
                .optTruncation(encoder.truncatedAfter().orElse("none")).setInputSize(encoder.inputSize())
                .setNormalisation(String.format(Locale.ROOT, "%s mean=%s std=%s;crop=%.3f;tta=%s",
                        encoder.normalization().name(), encoder.normalization().mean(), encoder.normalization().std(),
                        centreCrop, augmentation))
                .setSource(description).setInputListHash(CacheProvenance.hashInputs(inputs)).build();
    }

    /** The features of {@code source} from {@code cache} when it is fresh; otherwise extracts and rewrites it. */
    public FeatureSet extractCached(ImageSource source, String description, Path cache, IntConsumer progress) {
        CacheProvenance expected = provenance(source, description);
        if (FeatureCache.isFresh(cache, expected)) {
            return FeatureCache.open(cache, expected);
        }
        FeatureSet features = extract(source, progress);
        FeatureCache.write(cache, features, expected);
        return features;
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
        try (NDManager manager = NDManager.newBaseManager()) {
            CompletableFuture<List<BufferedImage>> next = decode(source, 0, pool);
            for (int start = 0; start < n; start += batchSize) {
                List<BufferedImage> images = next.join();
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

    private CompletableFuture<List<BufferedImage>> decode(ImageSource source, int start, ExecutorService pool) {
        int end = Math.min(source.size(), start + batchSize);
        List<CompletableFuture<BufferedImage>> images = new ArrayList<>();
        for (int i = start; i < end; i++) {
            int index = i;
            images.add(CompletableFuture.supplyAsync(() -> crop(source.read(index)), pool));
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

    private float[][] encode(NDManager parent, List<BufferedImage> images) {
        try (NDManager batch = parent.newSubManager()) {
            NDArray x = ImageTensors.fromImages(batch, images, encoder.inputSize());
            NDArray f = encoder.features(x);
            if (augmentation == TestTimeAugmentation.FLIPS) {
                f = f.add(encoder.features(x.flip(3))).add(encoder.features(x.flip(2))).div(3f);
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

        private Builder() {}

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

        /** Builds the extractor. */
        public FeatureExtractor build() {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder: setEncoder(...) is required");
            }
            if (batchSize < 1 || threads < 1) {
                throw new IllegalArgumentException("batchSize and threads must be positive");
            }
            if (!(centreCrop > 0 && centreCrop <= 1)) {
                throw new IllegalArgumentException("centreCrop must be in (0, 1], got " + centreCrop);
            }
            return new FeatureExtractor(this);
        }
    }
}

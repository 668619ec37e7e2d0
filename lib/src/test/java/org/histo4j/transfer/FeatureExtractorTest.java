package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.histo4j.Histo4jException;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureExtractorTest {

    private static SyntheticSource source(int perClass) {
        return new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(perClass), 64, 5);
    }

    @Test
    void featuresComeInSourceOrderAndEqualTheEncoderOnEachImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            SyntheticSource source = source(3);
            AtomicInteger done = new AtomicInteger();

            FeatureSet features = FeatureExtractor.builder().setEncoder(encoder).optBatchSize(4).build()
                    .extract(source, done::set);

            assertEquals(source.size(), features.size());
            assertEquals(source.size(), done.get());
            assertEquals(128, features.dimension());
            int last = source.size() - 1;
            NDArray alone = encoder.features(manager, List.of(source.read(last)));
            assertArrayEquals(alone.toFloatArray(), features.features()[last], 1e-4f);
            assertEquals(source.label(last), features.labels()[last]);
            assertEquals(source.location(last), features.paths()[last]);
        }
    }

    @Test
    void cacheIsReusedWhenFreshAndRebuiltWhenTheWeightsChange(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path cache = dir.resolve("features.h5");
            SyntheticSource source = source(2);
            FeatureExtractor first = FeatureExtractor.builder().setEncoder(Encoders.create("nic").initialize(manager)).build();
            AtomicInteger encoded = new AtomicInteger();

            FeatureSet made = first.extractCached(source, "target-0", cache, n -> encoded.incrementAndGet());
            int passes = encoded.get();
            FeatureSet reused = first.extractCached(source, "target-0", cache, n -> encoded.incrementAndGet());

            assertEquals(passes, encoded.get(), "a fresh cache is read, not recomputed");
            assertArrayEquals(made.features()[0], reused.features()[0]);
            FeatureExtractor other = FeatureExtractor.builder().setEncoder(Encoders.create("nic").initialize(manager)).build();
            assertFalse(FeatureCache.isFresh(cache, other.provenance(source, "target-0")), "other random weights");
            FeatureSet rebuilt = other.extractCached(source, "target-0", cache, n -> encoded.incrementAndGet());
            assertTrue(encoded.get() > passes);
            assertNotEquals(made.features()[0][0], rebuilt.features()[0][0]);
        }
    }

    @Test
    void anUnwritableCacheIsRefusedBeforeAnyFeatureIsComputed(@TempDir Path dir) throws Exception {
        Path cache = java.nio.file.Files.createDirectories(dir.resolve("features.h5"));
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureExtractor extractor = FeatureExtractor.builder()
                    .setEncoder(Encoders.create("nic").initialize(manager)).build();
            AtomicInteger encoded = new AtomicInteger();

            Histo4jException e = assertThrows(Histo4jException.class,
                    () -> extractor.extractCached(source(2), "target-0", cache, n -> encoded.incrementAndGet()));

            assertEquals("cannot write feature cache " + cache + ": a folder of that name exists", e.getMessage());
            assertEquals(0, encoded.get(), "no image was encoded before the cache was found unwritable");
        }
    }
}

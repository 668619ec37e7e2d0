package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.data.stain.ReinhardNormalizer;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stale-cache rule covers the stain normaliser: a cache is reused only with the same normaliser. */
class StainCacheTest {

    @Test
    void aCacheMadeWithAnotherNormaliserIsStaleAndTheSameOneReloadedIsFresh(@TempDir Path dir) throws Exception {
        SyntheticSource source = new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(2), 64, 5,
                List.of(Lab.DEFAULT, Lab.sample("b", 3)));
        Patch reference = Patch.of(source.read(0));
        org.histo4j.data.stain.StainNormalizer macenko = MacenkoNormalizer.builder().addReference(reference).build();
        StainNormalizer reinhard = ReinhardNormalizer.builder().addReference(reference).build();
        macenko.save(dir.resolve("macenko.json"));
        StainNormalizer reloaded = org.histo4j.data.stain.StainNormalizer.load(dir.resolve("macenko.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            Path cache = dir.resolve("features.h5");
            AtomicInteger encoded = new AtomicInteger();

            FeatureSet plain = extractor(encoder, StainNormalizer.NONE).extractCached(source, "d", cache,
                    n -> encoded.incrementAndGet());
            assertFalse(FeatureCache.isFresh(cache, extractor(encoder, macenko).provenance(source, "d")),
                    "no normalisation vs Macenko");
            int before = encoded.get();
            FeatureSet normalised = extractor(encoder, macenko).extractCached(source, "d", cache,
                    n -> encoded.incrementAndGet());
            assertTrue(encoded.get() > before, "recomputed with Macenko");
            assertNotEquals(plain.features()[1][0], normalised.features()[1][0]);

            assertTrue(FeatureCache.isFresh(cache, extractor(encoder, reloaded).provenance(source, "d")),
                    "the same normaliser, saved and reloaded, keeps the cache");
            assertFalse(FeatureCache.isFresh(cache, extractor(encoder, reinhard).provenance(source, "d")),
                    "Reinhard vs Macenko");
            assertEquals(macenko.identity(), reloaded.identity());
        }
    }

    private static FeatureExtractor extractor(Encoder encoder, StainNormalizer stain) {
        return FeatureExtractor.builder().setEncoder(encoder).optStainNormalizer(stain).build();
    }
}

package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.StaleFeatureCacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BagFileTest {

    private static CacheProvenance provenance(int inputSize) {
        return CacheProvenance.builder().setEncoder("resnet18").setWeightsHash(CacheProvenance.randomWeights(3))
                .setInputSize(inputSize).setNormalisation("imagenet").setSource("slide-1 256px@0.5")
                .setInputListHash(CacheProvenance.hashInputs(java.util.List.of("slide-1"))).build();
    }

    @Test
    void roundTripsFeaturesCoordsAndLabel(@TempDir Path dir) {
        Bag bag = new Bag("slide-1", "patient-9", 1, new float[][] {{1.5f, -2}, {0, 3.25f}},
                new int[][] {{0, 256}, {512, 0}});
        Path file = dir.resolve("slide-1.h5");

        BagFile.write(file, bag, 256, provenance(224));
        Bag back = BagFile.read(file, provenance(224));

        assertEquals("slide-1", back.slideId());
        assertEquals("patient-9", back.group());
        assertEquals(1, back.label());
        assertArrayEquals(bag.features()[1], back.features()[1]);
        assertArrayEquals(bag.coords()[0], back.coords()[0]);
        assertEquals(256, BagFile.tileSize(file));
        assertTrue(BagFile.isFresh(file, provenance(224)));
    }

    @Test
    void bagFromAnotherEncoderSettingIsStale(@TempDir Path dir) {
        Path file = dir.resolve("b.h5");
        BagFile.write(file, new Bag("s", "g", 0, new float[][] {{1}}, new int[][] {{0, 0}}), 256, provenance(224));

        assertFalse(BagFile.isFresh(file, provenance(96)));
        StaleFeatureCacheException stale = assertThrows(StaleFeatureCacheException.class,
                () -> BagFile.read(file, provenance(96)));
        assertTrue(stale.getMessage().contains("input_size"), stale.getMessage());
    }
}

package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.HdfStore;
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
    void aBagWithANonFiniteFeatureIsRefusedNamingTheTile() {
        var error = assertThrows(IllegalArgumentException.class, () -> new Bag("slide-1", "g", 0,
                new float[][] {{1, 2}, {Float.NaN, 0}, {Float.POSITIVE_INFINITY, 0}}, new int[][] {{0, 0}, {256, 0},
                    {512, 0}}));

        assertEquals("bag slide-1: tile 1 at [256, 0] has a non-finite feature (NaN)", error.getMessage());
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

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousBagAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slide-1.h5");
        Bag first = new Bag("slide-1", "g", 0, new float[][] {{1, 2}}, new int[][] {{0, 0}});
        BagFile.write(file, first, 256, provenance(224));
        HdfStore store = new HdfStore("bag file", BagFile.FORMAT, 1);

        IllegalStateException crash = assertThrows(IllegalStateException.class, () -> store.write(file, hdf -> {
            hdf.putDataset("features", new float[][] {{9, 9}});
            throw new IllegalStateException("executor lost");
        }));

        assertEquals("executor lost", crash.getMessage());
        assertArrayEquals(new float[] {1, 2}, BagFile.read(file).features()[0]);
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(file), files.toList(), "no temporary file is left behind");
        }
    }
}

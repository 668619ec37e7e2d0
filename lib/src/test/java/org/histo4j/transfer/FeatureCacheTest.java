package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    @TempDir
    Path dir;

    private static final FeatureSet DATA = new FeatureSet("crc-tissue", List.of("tumour", "stroma", "débris"),
            new float[][] {{0.5f, -1.25f, 3f}, {1e-7f, 2f, -0f}, {7f, 8f, 9f}, {-1f, -2f, -3.5f}},
            new int[] {0, 2, 1, 0}, new String[] {"patient-1", "patient-1", "patient-2", ""},
            new String[] {"a/1.png", "a/2.png", "b/ü.png", "c/4.png"});

    private static CacheProvenance.Builder provenance() {
        return CacheProvenance.builder().setEncoder("resnet18").setWeightsHash(CacheProvenance.randomWeights(3))
                .setInputSize(224).setNormalisation("mean=0.485,0.456,0.406;std=0.229,0.224,0.225")
                .setSource("synthetic pool, split=train")
                .setInputListHash(CacheProvenance.hashInputs(List.of(DATA.paths())))
                .optTruncation("layer3").optMicronsPerPixel(0.5);
    }

    @Test
    void roundTrip() {
        Path file = dir.resolve("cache/features.h5");
        CacheProvenance provenance = provenance().build();
        FeatureCache.write(file, DATA, provenance);
        FeatureSet read = FeatureCache.open(file, provenance);
        assertEquals(DATA.task(), read.task());
        assertEquals(DATA.classNames(), read.classNames());
        assertArrayEquals(DATA.features(), read.features());
        assertArrayEquals(DATA.labels(), read.labels());
        assertArrayEquals(DATA.groups(), read.groups());
        assertArrayEquals(DATA.paths(), read.paths());
        assertEquals(provenance, FeatureCache.readProvenance(file));
        assertTrue(FeatureCache.isFresh(file, provenance));
        assertFalse(listTemp(dir.resolve("cache")), "temporary file left behind");
    }

    @Test
    void notApplicableMicronsPerPixelRoundTrips() {
        Path file = dir.resolve("f.h5");
        CacheProvenance provenance = provenance().optMicronsPerPixel(Double.NaN).build();
        FeatureCache.write(file, DATA, provenance);
        assertEquals(provenance, FeatureCache.readProvenance(file));
    }

    @Test
    void staleCacheNamesTheFieldThatDiffers() {
        Path file = dir.resolve("f.h5");
        FeatureCache.write(file, DATA, provenance().build());
        StaleFeatureCacheException e = assertThrows(StaleFeatureCacheException.class,
                () -> FeatureCache.open(file, provenance().setInputSize(96).build()));
        assertEquals(List.of("input_size is '224' in the cache, '96' expected"), e.differences());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(FeatureCache.isFresh(file, provenance().setInputSize(96).build()));

        StaleFeatureCacheException two = assertThrows(StaleFeatureCacheException.class,
                () -> FeatureCache.open(file, provenance().setWeightsHash("random:4").optMicronsPerPixel(1.0)
                        .build()));
        assertEquals(2, two.differences().size());
        assertTrue(two.differences().get(0).startsWith("weights_hash is 'random:3'"), two.getMessage());
        assertTrue(two.differences().get(1).startsWith("microns_per_pixel"), two.getMessage());
    }

    @Test
    void everyFieldTakesPartInTheCheck() {
        CacheProvenance base = provenance().build();
        List<CacheProvenance> changed = List.of(provenance().setEncoder("densenet121").build(),
                provenance().setWeightsHash("0".repeat(64)).build(), provenance().optTruncation("none").build(),
                provenance().setInputSize(64).build(), provenance().setNormalisation("[-1,1]").build(),
                provenance().optMicronsPerPixel(0.25).build(), provenance().setSource("other").build(),
                provenance().setInputListHash(CacheProvenance.hashInputs(List.of("x"))).build());
        for (int i = 0; i < changed.size(); i++) {
            List<String> differences = base.differences(changed.get(i));
            assertEquals(1, differences.size());
            assertTrue(differences.get(0).startsWith(CacheProvenance.FIELDS.get(i) + " "), differences.get(0));
        }
    }

    @Test
    void missingAndForeignFilesFailWithOneClearLine() {
        Path missing = dir.resolve("missing.h5");
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> FeatureCache.open(missing, provenance().build()));
        assertEquals("feature cache not found: " + missing, e.getMessage());
        assertFalse(FeatureCache.isFresh(missing, provenance().build()));

        Path foreign = dir.resolve("foreign.h5");
        try (WritableHdfFile hdf = HdfFile.write(foreign)) {
            hdf.putDataset("x", new int[] {1, 2});
        }
        Histo4jException f = assertThrows(Histo4jException.class,
                () -> FeatureCache.open(foreign, provenance().build()));
        assertTrue(f.getMessage().contains("not a histo4j feature cache"), f.getMessage());
    }

    @Test
    void hashesAreSha256() throws Exception {
        Path file = dir.resolve("weights.bin");
        Files.writeString(file, "abc", StandardCharsets.UTF_8);
        // FIPS 180-2 test vector for "abc"
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CacheProvenance.sha256(file));
        // SHA-256 of "a\nb\n"
        assertEquals("911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2",
                CacheProvenance.hashInputs(List.of("a", "b")));
        assertEquals("random:7", CacheProvenance.randomWeights(7));
    }

    @Test
    void builderNamesTheMissingField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheProvenance.builder().setEncoder("x").build());
        assertTrue(e.getMessage().startsWith("weightsHash"), e.getMessage());
    }

    private static boolean listTemp(Path folder) {
        try (var files = Files.list(folder)) {
            return files.anyMatch(p -> p.toString().endsWith(".tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

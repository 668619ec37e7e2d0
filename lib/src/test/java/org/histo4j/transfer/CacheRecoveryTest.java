package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheRecoveryTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    @Test
    void aCacheFileHasThePermissionsOfAnyFileTheUserCreates() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path cache = dir.resolve("features.h5");
        FeatureCache.write(cache, new FeatureSet("t", List.of("a", "b"), new float[][] {{1, 2}}, new int[] {1},
                new String[] {"g"}, new String[] {"p"}), CacheProvenance.builder().setEncoder("e").setWeightsHash("w")
                .setInputSize(8).setNormalisation("n").setSource("s").setInputListHash("h").build());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(cache),
                "umask applies, not createTempFile's 0600");
    }

    @Test
    void aTruncatedOrGarbageCacheIsMovedAsideAndRebuiltAndLeftoverTempFilesGo() throws IOException {
        SyntheticSource source = new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(2), 64, 5);
        Path cache = dir.resolve("features.h5");
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureExtractor extractor = FeatureExtractor.builder()
                    .setEncoder(Encoders.create("nic").initialize(manager)).build();
            FeatureSet made = extractor.extractCached(source, "t", cache, n -> { });
            long size = Files.size(cache);
            try (FileChannel channel = FileChannel.open(cache, StandardOpenOption.WRITE)) {
                channel.truncate(size / 2);
            }
            Files.writeString(dir.resolve("features.h5123456.tmp"), "left by kill -9");

            FeatureSet rebuilt = extractor.extractCached(source, "t", cache, n -> { });

            assertArrayEquals(made.features()[1], rebuilt.features()[1], 1e-6f);
            List<String> names = names();
            assertEquals(2, names.size(), names.toString());
            assertEquals("features.h5", names.get(0));
            assertTrue(names.get(1).startsWith("features.h5.corrupt-"), names.toString());
            assertEquals(size / 2, Files.size(dir.resolve(names.get(1))), "the unreadable file is kept, not deleted");
            assertEquals(size, Files.size(cache));

            Files.delete(dir.resolve(names.get(1)));
            Files.writeString(cache, "garbage, not HDF5");
            extractor.extractCached(source, "t", cache, n -> { });
            assertTrue(FeatureCache.isFresh(cache, extractor.provenance(source, "t")));
            assertFalse(names().stream().anyMatch(n -> n.endsWith(".tmp")));
            assertTrue(names().stream().anyMatch(n -> n.startsWith("features.h5.corrupt-")));
        }
    }
}

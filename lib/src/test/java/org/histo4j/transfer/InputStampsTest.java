package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.TestImages;
import org.histo4j.data.source.Sources;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputStampsTest {

    @TempDir
    Path dir;

    private ImageSource folder() {
        DatasetManifest m = TestImages.manifest("t", List.of(ClassSpec.unknownCount("a"), ClassSpec.unknownCount("b")),
                -1, Layout.FOLDER, Map.of(), Grouping.IMAGE);
        return Sources.open(m, dir, ImageFailurePolicy.FAIL, 0);
    }

    @Test
    void anImageRewrittenInPlaceMakesTheCacheStaleAndIsReEncoded() throws IOException {
        Path a0 = TestImages.png(dir.resolve("a/0.png"), 0x202020, 16);
        TestImages.png(dir.resolve("b/0.png"), 0xE0E0E0, 16);
        Path cache = dir.resolve("cache/features.h5");
        try (NDManager manager = NDManager.newBaseManager(); ImageSource source = folder()) {
            FeatureExtractor extractor = FeatureExtractor.builder()
                    .setEncoder(Encoders.create("nic").initialize(manager)).build();
            AtomicInteger passes = new AtomicInteger();
            FeatureSet before = extractor.extractCached(source, "t", cache, n -> passes.incrementAndGet());
            int afterFirst = passes.get();
            extractor.extractCached(source, "t", cache, n -> passes.incrementAndGet());
            assertEquals(afterFirst, passes.get(), "an unchanged input reuses the cache");

            FileTime written = Files.getLastModifiedTime(a0);
            TestImages.png(a0, 0xE0E0E0, 16); // same path, new content
            Files.setLastModifiedTime(a0, FileTime.fromMillis(written.toMillis() + 2000));
            FeatureSet after = extractor.extractCached(source, "t", cache, n -> passes.incrementAndGet());

            assertTrue(passes.get() > afterFirst, "the changed image is encoded again");
            assertArrayEquals(extractor.extract(source, n -> { }).features()[0], after.features()[0], 1e-6f);
            assertFalse(java.util.Arrays.equals(before.features()[0], after.features()[0]),
                    "the stale features are not returned");
        }
    }

    @Test
    void theFirstChangedFileIsNamedAndAContentHashCatchesASameSizeSameDateRewrite() throws IOException {
        Path one = Files.writeString(dir.resolve("one.bin"), "abcd");
        Path two = Files.writeString(dir.resolve("two.bin"), "wxyz");
        List<String> locations = List.of(one.toString(), two + "#x[3]", "synthetic:t#0");
        InputStamps cached = InputStamps.of(locations, true);
        assertEquals("-", cached.stamps().get(2), "a synthetic sample has no file");
        assertEquals(Optional.empty(), cached.firstChange(InputStamps.of(locations, false)), "hash not asked: ignored");

        FileTime written = Files.getLastModifiedTime(two);
        Files.writeString(two, "WXYZ");
        Files.setLastModifiedTime(two, written);
        assertEquals(Optional.empty(), cached.firstChange(InputStamps.of(locations, false)),
                "size and date alone cannot see this rewrite");
        String change = cached.firstChange(InputStamps.of(locations, true)).orElseThrow();
        assertTrue(change.startsWith("input " + two + "#x[3] changed"), change);

        Files.writeString(one, "abcde");
        String first = cached.firstChange(InputStamps.of(locations, false)).orElseThrow();
        assertTrue(first.startsWith("input " + one + " changed (size=4;"), first);
        assertEquals(cached, InputStamps.fromStrings(cached.toStrings()));
    }
}

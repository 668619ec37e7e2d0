package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --stain}: bad values are usage errors naming it, and the normaliser reaches config.json and the cache. */
class StainOptionTest {

    private static int run(StringWriter err, String... args) {
        return Main.configure(new CommandLine(new TransferCommand())).setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter())).execute(args);
    }

    /** Two classes of 8 synthetic tiles each, one sub-folder per class, painted in another lab than the reference. */
    private static Path folder(Path dir) throws IOException {
        SyntheticSource source = new SyntheticSource(SyntheticPool.TARGETS.getLast().withImagesPerClass(8), 32, 4,
                List.of(Lab.sample("b", 5)));
        for (int i = 0; i < source.size(); i++) {
            Path classDir = Files.createDirectories(dir.resolve("c" + source.label(i)));
            ImageIO.write(source.read(i), "png", classDir.resolve("img" + i + ".png").toFile());
        }
        return dir;
    }

    private static String[] evaluate(Path data, Path out, Path cache, String stain) {
        return new String[] {"evaluate", "--data", data.toString(), "--encoder", "random:nic:3", "--folds", "2",
            "--seeds", "1",
            "--cache", cache.toString(), "--out", out.toString(), "--stain", stain};
    }

    @Test
    void theNormaliserIsRecordedAndACacheOfAnotherNormaliserIsRecomputed(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference.png");
        ImageIO.write(new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(1), 64, 9).read(0),
                "png", reference.toFile());
        Path cache = tmp.resolve("cache");
        Path data = folder(tmp.resolve("data"));
        StringWriter err = new StringWriter();

        assertEquals(0, run(err, evaluate(data, tmp.resolve("plain"), cache, "none")), err::toString);
        Path file;
        try (var files = Files.list(cache)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] plain = Files.readAllBytes(file);
        assertEquals(0, run(err, evaluate(data, tmp.resolve("macenko"), cache, "macenko:" + reference)), err::toString);

        JsonNode config = new ObjectMapper().readTree(tmp.resolve("macenko/config.json").toFile());
        assertTrue(config.path("stain").path("identity").asText().startsWith("macenko@"), config.toString());
        assertEquals("macenko", config.path("stain").path("normalizer").path("method").asText());
        assertEquals("none", new ObjectMapper().readTree(tmp.resolve("plain/config.json").toFile()).path("stain")
                .path("identity").asText());
        assertFalse(Arrays.equals(plain, Files.readAllBytes(file)), "the cache was recomputed with Macenko");
    }

    @Test
    void aBadValueIsUsageAndAMissingReferenceAFailedRun(@TempDir Path tmp) {
        StringWriter bad = new StringWriter();
        assertEquals(Main.EXIT_USAGE, run(bad, evaluate(tmp, tmp.resolve("a"), tmp.resolve("c"), "stainnet:x.png")));
        assertTrue(bad.toString().contains("--stain: unknown stain normalisation 'stainnet'"), bad.toString());
        StringWriter noRef = new StringWriter();
        assertEquals(Main.EXIT_USAGE, run(noRef, evaluate(tmp, tmp.resolve("b"), tmp.resolve("c"), "reinhard")));
        assertTrue(noRef.toString().contains("--stain: reinhard needs a reference"), noRef.toString());
        StringWriter missing = new StringWriter();
        String absent = "macenko:" + tmp.resolve("no.png");
        assertEquals(1, run(missing, evaluate(tmp, tmp.resolve("d"), tmp.resolve("c"), absent)));
        assertTrue(missing.toString().contains("--stain: stain reference not found"), missing.toString());
        assertFalse(Files.exists(tmp.resolve("d")), "nothing written before the reference is read");
        StringWriter perSlide = new StringWriter();
        assertEquals(Main.EXIT_USAGE, run(perSlide, evaluate(tmp, tmp.resolve("e"), tmp.resolve("c"), "macenko:slide")));
        assertTrue(perSlide.toString().contains("works with slide encode only"), perSlide.toString());
    }
}

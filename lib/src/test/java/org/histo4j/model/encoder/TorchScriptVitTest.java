package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny ViT scripted at test time by the PyTorch that set-up installs (make_tiny_vit.py beside this test's
 * resources), run here through its JSON configuration and readouts, against the features PyTorch computed.
 */
class TorchScriptVitTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;

    static JsonNode expected;

    @BeforeAll
    static void traceInPyTorch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing: cannot script the ViT");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Assumptions.assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0,
                PYTHON + " has no torch (Debian python3-torch, installed by environment/setup.sh)");
        Path script = Path.of(TorchScriptVitTest.class.getResource("make_tiny_vit.py").toURI());
        Process make = new ProcessBuilder(PYTHON, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes());
        assertTrue(make.waitFor(300, TimeUnit.SECONDS) && make.exitValue() == 0, "make_tiny_vit.py: " + output);
        expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    }

    private static float[] input() {
        float[] x = new float[2 * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 16f;
        }
        return x;
    }

    private static void assertMatches(String key, Optional<TransformerReadout> readout) {
        TorchScriptEncoder.Builder builder = TorchScriptEncoder.builder().setPath(dir.resolve("tiny-vit.pt"));
        readout.ifPresent(builder::optReadout);
        try (TorchScriptEncoder encoder = builder.build()) {
            assertEquals(32, encoder.inputSize(), "input size from tiny-vit.json");
            assertEquals("tiny", encoder.normalization().name());
            assertEquals(24, encoder.featureWidth());
            NDArray images = encoder.manager().create(input(), new Shape(2, 3, 32, 32));
            float[] actual = encoder.features(images).toFloatArray();
            JsonNode values = expected.get(key);
            assertEquals(values.size(), actual.length, key);
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - values.get(i).asDouble()));
            }
            assertTrue(worst < 1e-4, key + ": max abs difference to PyTorch " + worst);
        }
    }

    @Test
    void wholeModuleMatchesPyTorch() {
        assertMatches("forward", Optional.empty());
    }

    @Test
    void classTokenAndMeanOfPatchTokensMatchPyTorch() {
        assertMatches("cls", Optional.of(TransformerReadout.parse("cls")));
        assertMatches("mean", Optional.of(TransformerReadout.parse("mean")));
    }

    @Test
    void truncatedAfterABlockMatchesPyTorch() {
        assertMatches("block2", Optional.of(TransformerReadout.parse("block2")));
        assertMatches("block1_mean", Optional.of(TransformerReadout.parse("block1_mean")));
        try (TorchScriptEncoder encoder = TorchScriptEncoder.builder().setPath(dir.resolve("tiny-vit.pt"))
                .optReadout(TransformerReadout.parse("block2")).build()) {
            assertEquals("tiny-vit@block2_cls", encoder.name());
            assertEquals(Optional.of("block2_cls"), encoder.truncatedAfter());
        }
    }

    @Test
    void aBlockPastTheLastOrAModelWithoutBlocksIsAClearError() throws Exception {
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> TorchScriptEncoder
                .builder().setPath(dir.resolve("tiny-vit.pt")).optReadout(TransformerReadout.parse("block4")).build());
        assertTrue(past.getMessage().contains("3 blocks"), past.getMessage());
        Path bare = Files.copy(dir.resolve("tiny-vit.pt"), dir.resolve("bare.pt"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> TorchScriptEncoder
                .builder().setPath(bare).setInputSize(32).optReadout(TransformerReadout.parse("cls")).build());
        assertTrue(none.getMessage().contains("does not expose its blocks"), none.getMessage());
    }

    @Test
    void readoutsParseAndPrintBack() {
        for (String form : List.of("cls", "mean", "block8_cls", "block8_mean")) {
            assertEquals(form, TransformerReadout.parse(form).toString());
        }
        assertEquals("block8_cls", TransformerReadout.parse("block8").toString());
        assertThrows(IllegalArgumentException.class, () -> TransformerReadout.parse("layer3"));
    }
}

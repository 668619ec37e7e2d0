package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --precision} on feature extraction and slide encoding: bf16 refused in one line, a typo is bad usage. */
class PrecisionOptionTest {

    @Test
    void bf16StopsBothCommandsInOneLineBeforeWritingAnything(@TempDir Path dir) {
        String out = dir.resolve("out").toString();
        for (String[] line : new String[][] {
            {"features", "extract", "--data", "synthetic:syn-target-gland-grade:2", "--encoder", "random:nic",
                "--out", out, "--precision", "bf16", "--device", "cpu"},
            {"slide", "encode", dir.resolve("missing.csv").toString(), "--encoder", "random:nic", "--out", out,
                "--precision", "bf16", "--device", "cpu"}}) {
            MainTest.Outcome outcome = MainTest.run(line);
            assertEquals(Main.EXIT_FAILED, outcome.exit(), outcome.err());
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
            assertTrue(outcome.err().contains("--precision bf16 is not available"), outcome.err());
            assertFalse(Files.exists(dir.resolve("out")));
        }
    }

    @Test
    void anUnknownPrecisionIsBadUsage(@TempDir Path dir) {
        MainTest.Outcome outcome = MainTest.run("features", "extract", "--data", "synthetic:syn-target-gland-grade:2",
                "--encoder", "random:nic", "--out", dir.resolve("f.h5").toString(), "--precision", "fp64");
        assertEquals(Main.EXIT_USAGE, outcome.exit(), outcome.err());
        assertTrue(outcome.err().contains("--precision: 'fp64' is not a precision"), outcome.err());
    }
}

package org.histo4j.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process side, with a shell script standing in for Python and the PyTorch script, and the real script's
 * NIC network where Debian's python3-torch is installed.
 */
public class PyTorchBenchmarkTest {

    /** Whether {@link PyTorchBenchmark#PYTHON} imports torch and torchvision. */
    public static boolean torchInstalled() {
        try {
            Process process = new ProcessBuilder(PyTorchBenchmark.PYTHON.toString(), "-c", "import torch, torchvision")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theScriptBuildsTheNicNetworkOfHisto4j() {
        org.junit.jupiter.api.Assumptions.assumeTrue(torchInstalled(), "Debian's python3-torch not installed");
        BenchConfig nic = new BenchConfig("nic", BenchMode.TRAIN, List.of(64), 2, 1, 0, 1);

        List<BenchResult> results = PyTorchBenchmark.of(Fixtures.repository().resolve("environment/bench_pytorch.py"))
                .run(nic);

        assertEquals(1, results.size());
        BenchResult result = results.getFirst();
        assertEquals("nic", result.architecture());
        // the same convolutions and dense layers as DjlBenchmarkTest's NIC: 3 x 2 x 45,326,720 FLOPs per image
        assertEquals(3 * 2 * 45_326_720.0, result.gflopsPerSecond() * 1e9 / result.imagesPerSecond(), 100.0);
    }

    private static final BenchConfig CONFIG = new BenchConfig("resnet18", BenchMode.INFER, List.of(64, 96), 8, 2, 1, 4);

    @Test
    void commandPassesTheConfiguration() {
        PyTorchBenchmark runner = new PyTorchBenchmark(Path.of("/usr/bin/python3"), Path.of("b.py"), Optional.empty());

        assertEquals(List.of("/usr/bin/python3", "b.py", "--arch", "resnet18", "--mode", "infer", "--sizes", "64,96",
                "--batch", "8", "--threads", "2", "--warmup", "1", "--iterations", "4"), runner.command(CONFIG));
    }

    @Test
    void readsOneResultPerJsonLineAndSeesThePreload(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fake.sh");
        Files.writeString(script, """
                echo "loading torch"
                echo '{"mode": "infer", "arch": "resnet18", "size": 64, "batch": 8, "threads": 2, "images_per_s": 100.5, "gflops": 30.25}'
                echo "{\\"mode\\": \\"infer\\", \\"arch\\": \\"$LD_PRELOAD\\", \\"size\\": 96, \\"batch\\": 8, \\"threads\\": 2, \\"images_per_s\\": 50, \\"gflops\\": 33}"
                """);
        PyTorchBenchmark runner = new PyTorchBenchmark(Path.of("/bin/sh"), script, Optional.of(Path.of("/x/libfake.so")));

        List<BenchResult> results = runner.run(CONFIG);

        assertEquals(List.of(
                new BenchResult("PyTorch", BenchMode.INFER, "resnet18", 64, 8, 2, 1, 100.5, 30.25),
                new BenchResult("PyTorch", BenchMode.INFER, "/x/libfake.so", 96, 8, 2, 1, 50, 33)), results);
    }

    @Test
    void failureReportsTheLastErrorLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fail.sh");
        Files.writeString(script, "echo 'Traceback' >&2\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 3\n");
        PyTorchBenchmark runner = new PyTorchBenchmark(Path.of("/bin/sh"), script, Optional.empty());

        Histo4jException e = assertThrows(Histo4jException.class, () -> runner.run(CONFIG));

        assertEquals("PyTorch benchmark failed (exit 3): ModuleNotFoundError: No module named 'torch'", e.getMessage());
    }

    @Test
    void missingScriptOrFieldIsOneClearLine(@TempDir Path dir) {
        PyTorchBenchmark runner = PyTorchBenchmark.of(dir.resolve("bench_pytorch.py"));
        Histo4jException missing = assertThrows(Histo4jException.class, () -> runner.run(CONFIG));
        assertTrue(missing.getMessage().startsWith("PyTorch benchmark script not found: "), missing.getMessage());

        Histo4jException field = assertThrows(Histo4jException.class,
                () -> PyTorchBenchmark.parse("{\"arch\": \"resnet18\", \"size\": 64}", CONFIG));
        assertTrue(field.getMessage().startsWith("PyTorch benchmark output lacks 'batch'"), field.getMessage());
    }
}

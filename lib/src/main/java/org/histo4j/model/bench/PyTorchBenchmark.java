package org.histo4j.model.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.histo4j.Histo4jException;

/**
 * Runs {@code environment/bench_pytorch.py} (torchvision under Debian's PyTorch) as a child process with the
 * same configuration, tcmalloc preloaded like the histo4j launcher does for the JVM, and reads its JSON lines
 * ({@code mode, arch, size, batch, threads, images_per_s, gflops}) as {@link BenchResult}s.
 */
public final class PyTorchBenchmark {

    /** The engine name in results. */
    public static final String ENGINE = "PyTorch";
    /** The interpreter that has {@code python3-torch} and {@code python3-torchvision}. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Where the launcher looks for tcmalloc, in order (Debian/Ubuntu x86-64 and arm64, Fedora). */
    public static final List<Path> TCMALLOC = List.of(Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"),
            Path.of("/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4"), Path.of("/usr/lib64/libtcmalloc_minimal.so.4"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("arch", "size", "batch", "threads", "images_per_s", "gflops");

    private final Path python;
    private final Path script;
    private final Optional<Path> preload;

    /** A runner of {@code script} under {@code python}, with {@code preload} as {@code LD_PRELOAD} when present. */
    public PyTorchBenchmark(Path python, Path script, Optional<Path> preload) {
        this.python = python;
        this.script = script;
        this.preload = preload;
    }

    /** A runner of {@code script} under {@link #PYTHON} with tcmalloc (see {@link #tcmalloc()}). */
    public static PyTorchBenchmark of(Path script) {
        return new PyTorchBenchmark(PYTHON, script, tcmalloc());
    }

    /** The first tcmalloc of {@link #TCMALLOC} that exists. */
    public static Optional<Path> tcmalloc() {
        return TCMALLOC.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Whether this JVM was started with tcmalloc in {@code LD_PRELOAD}. */
    public static boolean jvmHasTcmalloc() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("tcmalloc");
    }

    /** The command line run for {@code config}. */
    public List<String> command(BenchConfig config) {
        return List.of(python.toString(), script.toString(), "--arch", config.architecture(),
                "--mode", config.mode().cliName(),
                "--sizes", config.sizes().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--batch", Integer.toString(config.batch()), "--threads", Integer.toString(config.threads()),
                "--warmup", Integer.toString(config.warmup()), "--iterations", Integer.toString(config.iterations()));
    }

    /** Runs the script for {@code config}; one result per size, in the script's order. */
    public List<BenchResult> run(BenchConfig config) {
        if (!Files.isRegularFile(script)) {
            throw new Histo4jException("PyTorch benchmark script not found: " + script + " (pass --no-pytorch to skip it)");
        }
        ProcessBuilder builder = new ProcessBuilder(command(config));
        preload.ifPresent(lib -> builder.environment().put("LD_PRELOAD", lib.toString()));
        try {
            Path errors = Files.createTempFile("histo4j-bench-pytorch", ".err");
            try {
                builder.redirectError(errors.toFile());
                Process process = builder.start();
                List<BenchResult> results = read(process, config);
                int exit = process.waitFor();
                if (exit != 0) {
                    throw new Histo4jException("PyTorch benchmark failed (exit " + exit + "): " + lastLine(errors));
                }
                return results;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new Histo4jException("cannot run the PyTorch benchmark with " + python + ": " + Histo4jException.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Histo4jException("PyTorch benchmark interrupted", e);
        }
    }

    private static List<BenchResult> read(Process process, BenchConfig config) throws IOException {
        List<BenchResult> results = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("{")) {
                    results.add(parse(line, config));
                }
            }
        }
        return results;
    }

    /** One JSON line of the script as a result. */
    public static BenchResult parse(String line, BenchConfig config) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new Histo4jException("unexpected output of the PyTorch benchmark: " + line, e);
        }
        for (String field : FIELDS) {
            if (!node.hasNonNull(field)) {
                throw new Histo4jException("PyTorch benchmark output lacks '" + field + "': " + line);
            }
        }
        return new BenchResult(ENGINE, config.mode(), node.get("arch").asText(), node.get("size").asInt(),
                    node.get("batch").asInt(), node.get("threads").asInt(), config.warmup(), node.get("images_per_s").asDouble(),
                    node.get("gflops").asDouble());
    }

    private static String lastLine(Path errors) throws IOException {
        List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no error output" : lines.getLast().strip();
    }
}

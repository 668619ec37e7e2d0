package org.histo4j.slide.openslide;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.histo4j.Histo4jException;

/**
 * Measures how fast the FFM binding reads tiles, and compares it with the same loop in C
 * ({@code bench_openslide.c}, compiled with {@code gcc} at run time): {@code count} tiles of
 * {@code tileSize x tileSize} level-0 pixels read with {@link OpenSlide#paintRegionARGB} on {@code threads}
 * threads sharing one handle, after one warm-up pass over every tile. Tile {@code i} is grid cell
 * {@code i mod (cols rows)}, cells numbered row by row, in both programs. The ratio is Java's rate over C's;
 * 1 means the binding adds nothing measurable.
 */
public final class SlideBenchmark {

    /**
     * A benchmark result.
     *
     * @param javaTilesPerSecond the binding's rate
     * @param cTilesPerSecond the C loop's rate
     */
    public record Result(double javaTilesPerSecond, double cTilesPerSecond) {

        /** Java's rate over C's. */
        public double ratio() {
            return javaTilesPerSecond / cTilesPerSecond;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "java %.1f tiles/s, C %.1f tiles/s, ratio %.3f", javaTilesPerSecond,
                    cTilesPerSecond, ratio());
        }
    }

    private SlideBenchmark() {}

    /** Reads {@code count} tiles with the binding and returns tiles per second. */
    public static double javaTilesPerSecond(Path slidePath, int tileSize, long count, int threads) {
        try (OpenSlide slide = new OpenSlide(slidePath)) {
            long cols = slide.getLevel0Width() / tileSize;
            long rows = slide.getLevel0Height() / tileSize;
            if (cols < 1 || rows < 1 || threads < 1 || count < 1) {
                throw new IllegalArgumentException("need a slide of at least one " + tileSize
                        + " px tile, threads >= 1 and count >= 1; got " + threads + " threads, count " + count);
            }
            int[] buffer = new int[tileSize * tileSize];
            for (long i = 0; i < cols * rows; i++) {
                readTile(slide, buffer, i, tileSize, cols, rows);
            }
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long start = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        int[] pixels = new int[tileSize * tileSize];
                        for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            readTile(slide, pixels, i, tileSize, cols, rows);
                        }
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
                return count / ((System.nanoTime() - start) / 1e9);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Histo4jException("benchmark interrupted", e);
            } catch (ExecutionException e) {
                throw new Histo4jException("benchmark read failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void readTile(OpenSlide slide, int[] buffer, long i, int tileSize, long cols, long rows) {
        long cell = i % (cols * rows);
        slide.paintRegionARGB(buffer, (cell % cols) * tileSize, (cell / cols) * tileSize, 0, tileSize, tileSize);
    }

    /**
     * Compiles {@code bench_openslide.c} with {@code gcc} into {@code workDir}, runs it on the same slide with
     * the library the binding loaded, and returns its tiles per second.
     */
    public static double cTilesPerSecond(Path slidePath, int tileSize, long count, int threads, Path workDir)
            throws IOException, InterruptedException {
        Path source = workDir.resolve("bench_openslide.c");
        try (InputStream in = SlideBenchmark.class.getResourceAsStream("/org/histo4j/slide/bench_openslide.c")) {
            if (in == null) {
                throw new IllegalStateException("bench_openslide.c missing from the class path");
            }
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path binary = workDir.resolve("bench_openslide");
        run(List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), "-ldl", "-lpthread"));
        String out = run(List.of(binary.toString(), OpenSlide.libraryName(), slidePath.toString(),
                String.valueOf(tileSize), String.valueOf(count), String.valueOf(threads)));
        return Double.parseDouble(out.strip());
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new Histo4jException("benchmark step failed: " + String.join(" ", command) + ": " + out.strip());
        }
        return out;
    }

    /** Runs both loops, C first, and returns both rates. */
    public static Result compare(Path slidePath, int tileSize, long count, int threads, Path workDir)
            throws IOException, InterruptedException {
        double c = cTilesPerSecond(slidePath, tileSize, count, threads, workDir);
        return new Result(javaTilesPerSecond(slidePath, tileSize, count, threads), c);
    }

    }

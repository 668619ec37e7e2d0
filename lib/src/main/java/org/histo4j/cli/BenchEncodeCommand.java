package org.histo4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.SparkOptions;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j bench encode COHORT.csv --encoder E [--spark MASTER]}: tiles per second of {@code slide encode} on
 * the plain path (this process, one thread per core), on Spark's {@code local[N]} with N = the same cores, and on
 * MASTER when it is a cluster; each run into a fresh folder, beside the plain path's rate with their ratio, and
 * whether its bags are the plain path's bytes. A Spark run is timed twice: the whole command (context and executors
 * started, jars shipped, encoders loaded) and the job alone (from submitting the tasks to the last result).
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Tiles/s of slide encode: this process vs Spark local[cores] vs --spark MASTER, same cohort.")
final class BenchEncodeCommand implements Callable<Integer>, EngineCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCohortOptions bench;

    @Mixin
    SparkOptions spark;

    /** One timed run: its name, wall seconds, Spark job seconds (or NaN) and whether its bags match the plain run. */
    private record Run(String name, double wall, double job, boolean same) {}

    @Override
    public Integer call() throws IOException {
        List<SlideEntry> slides = bench.slides();
        EncoderSpec encoderSpec = bench.encoderOptions.single();
        SparkRunner runner = spark.enabled() ? spark.runner() : null;
        PrintWriter out = spec.commandLine().getOut();
        int cores = bench.tiling.threads();
        Path work = Files.createTempDirectory("histo4j-bench-encode");
        String loadBefore = BenchCommand.loadAverage();
        List<Run> runs = new ArrayList<>();
        int tiles;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Encoder encoder = bench.encoderOptions.load(encoderSpec, manager);
            SlideEncoder plain = bench.tiling.encoder().setEncoder(encoder).optBatchSize(bench.batch)
                    .optDevice(Device.cpu()).build();
            List<EncodedSlide> done = plain.encodeCohort(slides, work.resolve("plain"), SlideEncoder.Listener.NONE);
            tiles = done.stream().mapToInt(EncodedSlide::tiles).sum();
        }
        runs.add(new Run("plain, " + cores + " threads", (System.nanoTime() - start) / 1e9, Double.NaN, true));
        if (runner != null) {
            List<String> masters = new ArrayList<>(List.of("local[" + cores + "]"));
            SparkRunner.SlideJob job = spark.slideJob(slides, work.resolve("spark"), bench.encoderOptions, encoderSpec,
                    Device.cpu(), SlideStain.NONE, bench.tiling, bench.batch);
            if (!job.master().startsWith("local")) {
                masters.add(job.master());
            }
            for (int i = 0; i < masters.size(); i++) {
                Path folder = work.resolve("spark-" + i);
                long begin = System.nanoTime();
                runner.encodeSlides(new SparkRunner.SlideJob(masters.get(i), slides, folder, job.encoding(),
                        job.tiling(), bench.batch), out);
                double wall = (System.nanoTime() - begin) / 1e9;
                double jobSeconds = new ObjectMapper().readTree(folder.resolve("spark-run.json").toFile())
                        .path("job_seconds").asDouble(Double.NaN);
                runs.add(new Run("spark " + masters.get(i), wall, jobSeconds, sameBags(work.resolve("plain"), folder,
                        slides)));
            }
        }
        print(out, runs, slides.size(), tiles, loadBefore);
        return 0;
    }

    private static boolean sameBags(Path expected, Path actual, List<SlideEntry> slides) throws IOException {
        for (SlideEntry slide : slides) {
            Path bag = actual.resolve(slide.slideId() + ".h5");
            if (!Files.isRegularFile(bag) || Files.mismatch(expected.resolve(slide.slideId() + ".h5"), bag) != -1) {
                return false;
            }
        }
        return true;
    }

    private static void print(PrintWriter out, List<Run> runs, int slides, int tiles, String loadBefore) {
        out.printf(Locale.ROOT, "%d slides, %d tiles; load average (1 min) before / after: %s / %s%n", slides, tiles,
                loadBefore, BenchCommand.loadAverage());
        out.printf(Locale.ROOT, "%-28s %8s %9s %8s %9s %12s %s%n", "run", "wall s", "tiles/s", "job s", "tiles/s",
                "wall / plain", "same bags");
        double plain = runs.getFirst().wall();
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%-28s %8.1f %9.1f %8s %9s %12.2f %s%n", r.name(), r.wall(), tiles / r.wall(),
                    Double.isNaN(r.job()) ? "-" : String.format(Locale.ROOT, "%.1f", r.job()),
                    Double.isNaN(r.job()) ? "-" : String.format(Locale.ROOT, "%.1f", tiles / r.job()),
                    r.wall() / plain, r.same() ? "yes" : "NO");
        }
        out.flush();
    }
}

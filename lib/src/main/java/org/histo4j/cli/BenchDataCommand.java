package org.histo4j.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Numbers;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.data.batch.DataBenchmark;
import org.histo4j.model.bench.BenchConfig;
import org.histo4j.model.bench.BenchMode;
import org.histo4j.model.bench.DjlBenchmark;
import org.histo4j.model.bench.EngineThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code histo4j bench data}: images per second of the data pipeline (synthetic source and a folder of JPEGs)
 * beside what training consumes, both measured in this run at the same size, batch, thread count and device: a few
 * timed training steps of the encoder the user would train ({@code --arch}, ResNet-18 by default) with a 1000-class
 * head. The loader should deliver at least {@value #REQUIRED_MARGIN} times what training consumes.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Measure the data pipeline (decode, augment, normalise, batch) against training's consumption,"
                + " both timed in this run.")
final class BenchDataCommand implements Callable<Integer>, EngineCommand {

    /** The margin the loader must keep over training. */
    static final double REQUIRED_MARGIN = 3;

    @Option(names = "--size", split = ",", defaultValue = "64,96,224", description = "Image sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--threads", defaultValue = "2", description = "Loader workers and training's intra-op threads"
            + " (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batches", defaultValue = "20", description = "Timed loader batches per configuration (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--arch", defaultValue = "resnet18", description = "Encoder whose training rate is measured:"
            + " resnet18, resnet34, resnet50, densenet121, nic (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--train-steps", defaultValue = "5", description = "Timed training steps per size, after 2"
            + " untimed ones (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--workers", split = ",", paramLabel = "N,M", description = "Compare the loader alone at these"
            + " worker counts (e.g. 1,2): images/s per count and per worker, no training side.")
    List<Integer> workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (workers != null) {
            return scaling(spec.commandLine().getOut());
        }
        BenchConfig training = config();
        PrintWriter out = spec.commandLine().getOut();
        int engineThreads = EngineThreads.configure(threads);
        Device device = Engine.getInstance().defaultDevice();
        out.printf(Locale.ROOT, "bench data: batch %d, %d loader workers, training %s + linear(%d) on %s with %d "
                + "intra-op threads, %d timed steps; load average %s%n", batch, threads, training.architecture(),
                BenchConfig.CLASSES, device, engineThreads, trainSteps, BenchCommand.loadAverage());
        out.flush();
        Table loader = DataBenchmark.run(sizes, batch, 3, batches, threads);
        Map<Integer, Double> consumed = new LinkedHashMap<>();
        for (int size : sizes) {
            consumed.put(size, new DjlBenchmark(training, device, BenchCommand::pretrainingSgd).run(size).imagesPerSecond());
        }
        out.println(sideBySide(loader, consumed).printAll());
        out.println("load average (1 min) after: " + BenchCommand.loadAverage());
        out.flush();
        return 0;
    }

    /** The loader's images/s at each worker count, and per worker: how the loader scales with cores. */
    private int scaling(PrintWriter out) {
        OptionChecks.of(spec).check(workers.stream().allMatch(w -> w >= 1), "--workers must be >= 1, got " + workers);
        out.printf(Locale.ROOT, "bench data: loader scaling, batch %d, %d timed batches, %d cores; load average %s%n",
                batch, batches, Runtime.getRuntime().availableProcessors(), BenchCommand.loadAverage());
        out.printf(Locale.ROOT, "%-12s %5s %8s %12s %16s%n", "source", "size", "workers", "images/s",
                "images/s/worker");
        for (int count : workers) {
            Table loader = DataBenchmark.run(sizes, batch, 3, batches, count);
            for (int row = 0; row < loader.rowCount(); row++) {
                double images = loader.doubleColumn("imagesPerSecond").getDouble(row);
                out.printf(Locale.ROOT, "%-12s %5d %8d %12s %16s%n", loader.stringColumn("source").get(row),
                        loader.intColumn("size").getInt(row), count, Numbers.significant(images),
                        Numbers.significant(images / count));
            }
            out.flush();
        }
        out.println("load average (1 min) after: " + BenchCommand.loadAverage());
        out.flush();
        return 0;
    }

    private BenchConfig config() {
        try {
            return new BenchConfig(architecture.toLowerCase(Locale.ROOT), BenchMode.TRAIN, sizes, batch, threads, 2,
                    trainSteps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replace("iterations",
                    "--train-steps"), e);
        }
    }

    /**
     * The loader's images/s (one row per source and size of {@link DataBenchmark#run}) beside the training images/s
     * measured at the same size, their ratio and whether it reaches {@value #REQUIRED_MARGIN}x; figures rounded to
     * three significant digits.
     */
    static Table sideBySide(Table loader, Map<Integer, Double> training) {
        StringColumn source = StringColumn.create("source");
        IntColumn size = IntColumn.create("size");
        StringColumn delivered = StringColumn.create("loader img/s");
        StringColumn consumed = StringColumn.create("training img/s");
        StringColumn ratio = StringColumn.create("loader / training");
        StringColumn verdict = StringColumn.create(String.format(Locale.ROOT, ">= %.0fx", REQUIRED_MARGIN));
        for (int row = 0; row < loader.rowCount(); row++) {
            int pixels = loader.intColumn("size").getInt(row);
            double images = loader.doubleColumn("imagesPerSecond").getDouble(row);
            double train = training.getOrDefault(pixels, Double.NaN);
            source.append(loader.stringColumn("source").get(row));
            size.append(pixels);
            delivered.append(Numbers.significant(images));
            consumed.append(Numbers.significant(train));
            ratio.append(Numbers.significant(images / train));
            verdict.append(Double.isNaN(train) ? "n/a" : images >= REQUIRED_MARGIN * train ? "yes" : "NO");
        }
        return Table.create("data pipeline against training, measured in this run", source, size, delivered,
                consumed, ratio, verdict);
    }
}

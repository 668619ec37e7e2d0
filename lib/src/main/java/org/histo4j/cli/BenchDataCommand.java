package org.histo4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.data.batch.DataBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code histo4j bench data}: batches per second of the data pipeline (synthetic source and a folder of JPEGs),
 * next to what ResNet-18 training consumes at the same size (shared/DJL.md, DJL + tcmalloc, 2 threads, batch 32).
 * The loader should deliver at least three times that.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Measure the data pipeline (decode, augment, normalise, batch) against training's consumption.")
final class BenchDataCommand implements Callable<Integer> {

    /** Images per second ResNet-18 training consumes here (shared/DJL.md, DJL + tcmalloc, batch 32, 2 threads). */
    static final Map<Integer, Double> TRAINING_IMAGES_PER_SECOND = Map.of(64, 221.0, 96, 121.0, 224, 23.2);

    /** The margin the loader must keep over training. */
    static final double REQUIRED_MARGIN = 3;

    @Option(names = "--size", split = ",", defaultValue = "64,96,224", description = "Image sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--threads", defaultValue = "2", description = "Loader worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batches", defaultValue = "20", description = "Timed batches per configuration (default: ${DEFAULT-VALUE}).")
    int batches;

    @Override
    public Integer call() {
        Table table = DataBenchmark.run(sizes, batch, 3, batches, threads);
        System.out.println(withTrainingReference(table).printAll());
        return 0;
    }

    /** Adds what training consumes at each size and the loader's margin over it. */
    static Table withTrainingReference(Table measured) {
        DoubleColumn training = DoubleColumn.create("training img/s (DJL.md)");
        DoubleColumn margin = DoubleColumn.create("margin");
        StringColumn verdict = StringColumn.create(String.format(Locale.ROOT, ">= %.0fx", REQUIRED_MARGIN));
        for (int row = 0; row < measured.rowCount(); row++) {
            Double consumed = TRAINING_IMAGES_PER_SECOND.get(measured.intColumn("size").getInt(row));
            double delivered = measured.doubleColumn("imagesPerSecond").getDouble(row);
            training.append(consumed == null ? Double.NaN : consumed);
            margin.append(consumed == null ? Double.NaN : delivered / consumed);
            verdict.append(consumed == null ? "no reference" : delivered >= REQUIRED_MARGIN * consumed ? "yes" : "NO");
        }
        return measured.copy().addColumns(training, margin, verdict);
    }
}

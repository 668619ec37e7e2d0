package org.histo4j.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Transfer-evaluation results in long format, one row per encoder, task, mode, seed, fold and metric:
 * columns {@code encoder, task, mode, seed, fold, metric, value}. Immutable: {@link #append} returns a new
 * instance. Results of other evaluations (fine-tuning) join in through {@link #of(Table)} with the same columns.
 *
 * <p>The summary averages folds within a seed, then reports the mean and sample standard deviation over seeds:
 * m<sub>s</sub> = mean<sub>folds</sub>(value), mean = mean<sub>s</sub>(m<sub>s</sub>), std =
 * sqrt(&Sigma;<sub>s</sub> (m<sub>s</sub> &minus; mean)&sup2; / (S &minus; 1)). NaN fold values (e.g. an AUC on a
 * fold with a single class) are left out of the fold mean.
 */
public final class TransferResults {

    /** The column names, in order. */
    public static final List<String> COLUMNS = List.of("encoder", "task", "mode", "seed", "fold", "metric", "value");

    private static final ColumnType[] TYPES = {ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
        ColumnType.LONG, ColumnType.INTEGER, ColumnType.STRING, ColumnType.DOUBLE};

    private static final String NAME = "transfer results";

    private final Table table;

    private TransferResults(Table table) {
        this.table = table;
    }

    /** An empty result set. */
    public static TransferResults empty() {
        return new TransferResults(Table.create(NAME, StringColumn.create("encoder"),
                StringColumn.create("task"), StringColumn.create("mode"), LongColumn.create("seed"),
                IntColumn.create("fold"), StringColumn.create("metric"), DoubleColumn.create("value")));
    }

    /** Wraps a table with exactly the columns {@link #COLUMNS} and their types (string, long, int, double). */
    public static TransferResults of(Table table) {
        if (!table.columnNames().equals(COLUMNS)) {
            throw new IllegalArgumentException("results table must have columns " + COLUMNS + ", got "
                    + table.columnNames());
        }
        for (int c = 0; c < TYPES.length; c++) {
            if (!table.column(c).type().equals(TYPES[c])) {
                throw new IllegalArgumentException("results column " + COLUMNS.get(c) + " must be " + TYPES[c]
                        + ", got " + table.column(c).type());
            }
        }
        Table copy = table.copy();
        copy.setName(NAME);
        return new TransferResults(copy);
    }

    /** Reads results written by {@link #write(Path)}. */
    public static TransferResults read(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new Histo4jException("results file not found: " + csv);
        }
        try {
            Table table = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).columnTypes(TYPES));
            return of(table);
        } catch (RuntimeException e) {
            throw new Histo4jException("cannot read transfer results " + csv + ": " + Histo4jException.reason(e), e);
        }
    }

    /** Writes the results as CSV, creating parent directories. */
    public void write(Path csv) {
        try {
            if (csv.toAbsolutePath().getParent() != null) {
                Files.createDirectories(csv.toAbsolutePath().getParent());
            }
            table.write().csv(csv.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write transfer results to " + csv, e);
        }
    }

    /** A copy of the long-format table. */
    public Table table() {
        return table.copy();
    }

    /** The number of result rows. */
    public int size() {
        return table.rowCount();
    }

    /** These results followed by {@code other}'s. */
    public TransferResults append(TransferResults other) {
        return new TransferResults(table.copy().append(other.table));
    }

    /** A copy with the given rows appended. */
    TransferResults with(List<Row> rows) {
        Table copy = table.copy();
        for (Row row : rows) {
            copy.stringColumn("encoder").append(row.encoder());
            copy.stringColumn("task").append(row.task());
            copy.stringColumn("mode").append(row.mode());
            copy.longColumn("seed").append(row.seed());
            copy.intColumn("fold").append(row.fold());
            copy.stringColumn("metric").append(row.metric());
            copy.doubleColumn("value").append(row.value());
        }
        return new TransferResults(copy);
    }

    /** One result row. */
    record Row(String encoder, String task, String mode, long seed, int fold, String metric, double value) {}

    /** The summary lines, in order of first appearance. */
    public List<SummaryRow> summaryRows() {
        Map<List<String>, Map<Long, List<Double>>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            List<String> key = List.of(table.stringColumn("encoder").get(i), table.stringColumn("task").get(i),
                    table.stringColumn("mode").get(i), table.stringColumn("metric").get(i));
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .computeIfAbsent(table.longColumn("seed").getLong(i), s -> new ArrayList<>())
                    .add(table.doubleColumn("value").getDouble(i));
        }
        List<SummaryRow> rows = new ArrayList<>();
        byKey.forEach((key, seeds) -> {
            double[] seedMeans = seeds.values().stream()
                    .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x))
                            .average().orElse(Double.NaN))
                    .toArray();
            rows.add(new SummaryRow(key.get(0), key.get(1), key.get(2), key.get(3), mean(seedMeans),
                    sampleStd(seedMeans), seedMeans.length));
        });
        return rows;
    }

    /**
     * The summary as a table: encoder, task, mode, metric, mean, std, seeds (see the class comment), sorted by
     * encoder, task, mode and metric.
     */
    public Table summary() {
        return ModelSelection.toTable(summaryRows()).sortOn("encoder", "task", "mode", "metric");
    }

    /** The results of one mode only (e.g. {@code "svm"}). */
    public TransferResults whereMode(String mode) {
        return new TransferResults(table.where(table.stringColumn("mode").isEqualTo(mode)));
    }

    /** Per task, the best candidate and those not significantly worse; see {@link ModelSelection#winners}. */
    public Table winners(Metric metric) {
        return ModelSelection.winners(summaryRows(), metric.columnName());
    }

    /** Leave-one-task-out rank-based selection; see {@link ModelSelection#leaveOneTaskOut}. */
    public Table leaveOneTaskOut(Metric metric) {
        return ModelSelection.leaveOneTaskOut(summaryRows(), metric.columnName());
    }

    /** Task-by-task comparison of two candidates; see {@link ModelSelection#compare}. */
    public Table compare(Metric metric, String encoderA, String modeA, String encoderB, String modeB) {
        return ModelSelection.compare(summaryRows(), metric.columnName(), encoderA, modeA, encoderB, modeB);
    }

    static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElseThrow();
    }

    static double sampleStd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double sum = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(sum / (values.length - 1));
    }

    @Override
    public String toString() {
        return "TransferResults[" + table.rowCount() + " rows]";
    }
}

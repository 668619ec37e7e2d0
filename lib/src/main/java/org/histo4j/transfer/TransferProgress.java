package org.histo4j.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import tech.tablesaw.api.Table;

/**
 * The finished units of a {@link TransferEvaluation} (one encoder, task, mode, seed and fold each), kept in a run
 * folder as they complete so that an interrupted evaluation resumes: each unit's rows are appended to
 * {@value #RESULTS} (a fine-tuning unit's learning curve to {@value #CURVES} just before) and flushed. Resuming
 * reads them back; a unit counts as finished when all its rows (one per {@link Metric} and one of its own, the chosen
 * C or the best epoch) are there, so a write torn by a kill is redone. Every unit draws its randomness from its seed
 * and fold only, so the resumed outcome equals an uninterrupted one.
 *
 * <pre>{@code
 * try (TransferProgress progress = resume ? TransferProgress.resume(dir) : TransferProgress.start(dir)) {
 *     TransferEvaluation.Outcome outcome = evaluation.evaluate(source, description, progress);
 * }
 * }</pre>
 */
public final class TransferProgress implements Closeable {

    /** The file of result rows, appended unit by unit. */
    public static final String RESULTS = "results.csv";

    /** The file of fine-tuning's learning curves, appended unit by unit. */
    public static final String CURVES = "learning-curves.csv";

    private static final int ROWS_PER_UNIT = Metric.values().length + 1;

    /** What identifies one unit of work. */
    record Key(String encoder, String task, String mode, long seed, int fold) {

        static Key of(TransferResults.Row row) {
            return new Key(row.encoder(), row.task(), row.mode(), row.seed(), row.fold());
        }
    }

    /** The result rows of one unit and its learning curve (empty for a linear probe). */
    record Unit(List<TransferResults.Row> rows, Table curves) {

        /** The outcome of {@code units} in their order. */
        static TransferEvaluation.Outcome outcome(List<Unit> units) {
            Table curves = LearningCurves.empty();
            units.forEach(unit -> curves.append(unit.curves()));
            return new TransferEvaluation.Outcome(TransferResults.empty().with(units.stream()
                    .flatMap(unit -> unit.rows().stream()).toList()), curves);
        }
    }

    private final Path dir;
    private final Map<Key, Unit> done;
    private final int resumed;
    private Writer results;
    private int computed;

    private TransferProgress(Path dir, Map<Key, Unit> done, Writer results) {
        this.dir = dir;
        this.done = done;
        this.resumed = done.size();
        this.results = results;
    }

    /** Keeps nothing: every unit is computed and nothing is written. */
    public static TransferProgress none() {
        return new TransferProgress(null, new LinkedHashMap<>(), null);
    }

    /** Starts afresh in {@code dir} (which exists): {@value #RESULTS} is emptied to its header. */
    public static TransferProgress start(Path dir) {
        return open(dir, new LinkedHashMap<>());
    }

    /**
     * Continues in {@code dir}: the finished units of its {@value #RESULTS} (and their curves) are kept, anything
     * else in the files (a torn last line, a unit missing rows) is dropped; a missing file means nothing was done.
     */
    public static TransferProgress resume(Path dir) {
        Map<Key, Unit> done = new LinkedHashMap<>();
        Path file = dir.resolve(RESULTS);
        if (Files.exists(file)) {
            Map<Key, List<TransferResults.Row>> rows = new LinkedHashMap<>();
            for (Csv.Row row : readWhole(file).requireColumns(TransferResults.COLUMNS).rows()) {
                TransferResults.Row result = new TransferResults.Row(row.get("encoder"), row.get("task"),
                        row.get("mode"), Long.parseLong(row.get("seed")), row.integer("fold"), row.get("metric"),
                        number(row.opt("value").orElse("NaN")));
                rows.computeIfAbsent(Key.of(result), k -> new ArrayList<>()).add(result);
            }
            rows.forEach((key, unitRows) -> {
                if (unitRows.size() == ROWS_PER_UNIT) {
                    done.put(key, new Unit(List.copyOf(unitRows), LearningCurves.empty()));
                }
            });
            Path curves = dir.resolve(CURVES);
            if (Files.exists(curves)) {
                for (Csv.Row row : readWhole(curves).rows()) {
                    Key key = new Key(row.get("encoder"), row.get("task"), row.get("mode"),
                            Long.parseLong(row.get("seed")), row.integer("fold"));
                    if (done.containsKey(key)) {
                        LearningCurves.appendCells(done.get(key).curves(), row);
                    }
                }
            }
        }
        return open(dir, done);
    }

    /** Rewrites the files of {@code dir} with the units {@code done} only, then appends to them. */
    private static TransferProgress open(Path dir, Map<Key, Unit> done) {
        try {
            Files.deleteIfExists(dir.resolve(CURVES));
            List<List<Object>> rows = new ArrayList<>();
            List<List<Object>> curves = new ArrayList<>();
            for (Unit unit : done.values()) {
                unit.rows().forEach(row -> rows.add(cells(row)));
                for (int r = 0; r < unit.curves().rowCount(); r++) {
                    curves.add(LearningCurves.cells(unit.curves(), r));
                }
            }
            Csv.write(dir.resolve(RESULTS), TransferResults.COLUMNS, rows);
            if (!curves.isEmpty()) {
                Csv.write(dir.resolve(CURVES), LearningCurves.empty().columnNames(), curves);
            }
            return new TransferProgress(dir, done, Files.newBufferedWriter(dir.resolve(RESULTS),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new Histo4jException("cannot write " + dir.resolve(RESULTS) + ": " + Histo4jException.reason(e), e);
        }
    }

    /** Reads a CSV after cutting a last line torn by a kill (one without its line break). */
    private static Csv readWhole(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            if (end < text.length()) {
                Files.writeString(file, text.substring(0, end), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Histo4jException("cannot read " + file + ": " + Histo4jException.reason(e), e);
        }
        return Csv.read(file);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new Histo4jException("cannot resume: '" + text + "' in a value column is not a number", e);
        }
    }

    /** The units found finished when this progress was opened. */
    public int resumed() {
        return resumed;
    }

    /** The units computed since. */
    public int computed() {
        return computed;
    }

    /** The unit of {@code key}: kept from before, or computed by {@code compute}, then appended and flushed. */
    Unit unit(Key key, Supplier<Unit> compute) {
        Unit kept = done.get(key);
        if (kept != null) {
            return kept;
        }
        Unit unit = compute.get();
        computed++;
        if (dir != null) {
            try {
                appendCurves(unit.curves());
                StringBuilder lines = new StringBuilder();
                unit.rows().forEach(row -> lines.append(Csv.line(cells(row))));
                results.write(lines.toString());
                results.flush();
            } catch (IOException e) {
                throw new Histo4jException("cannot append to " + dir.resolve(RESULTS) + ": "
                        + Histo4jException.reason(e), e);
            }
        }
        return unit;
    }

    private void appendCurves(Table curves) throws IOException {
        if (curves.rowCount() == 0) {
            return;
        }
        Path file = dir.resolve(CURVES);
        StringBuilder lines = new StringBuilder(Files.exists(file) ? ""
                : Csv.line(LearningCurves.empty().columnNames()));
        for (int r = 0; r < curves.rowCount(); r++) {
            lines.append(Csv.line(LearningCurves.cells(curves, r)));
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<Object> cells(TransferResults.Row row) {
        return List.of(row.encoder(), row.task(), row.mode(), row.seed(), row.fold(), row.metric(), row.value());
    }

    /** Closes the results file (the evaluation's final files are written after). */
    @Override
    public void close() throws IOException {
        if (results != null) {
            results.close();
            results = null;
        }
    }
}

package org.histo4j.slide.encode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;

/** Reads (through {@link Csv}) the small comma-separated manifests of the slide stage: a header line naming columns, then one row each. */
final class Manifests {

    private Manifests() {}

    /** One data row, by column name. */
    record Row(Path file, int line, Map<String, String> values) {

        String get(String column) {
            String value = values.get(column);
            if (value == null || value.isBlank()) {
                throw new Histo4jException(file + " line " + line + ": column '" + column + "' is empty");
            }
            return value.strip();
        }

        String get(String column, String fallback) {
            String value = values.get(column);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        int integer(String column) {
            try {
                return Integer.parseInt(get(column));
            } catch (NumberFormatException e) {
                throw new Histo4jException(file + " line " + line + ": column '" + column + "' is not an integer: "
                        + get(column), e);
            }
        }
    }

    /** The rows of {@code file} (read by {@link Csv}), which must have the {@code required} columns. */
    static List<Row> read(Path file, List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("manifest not found: " + file);
        }
        Csv csv = Csv.read(file).requireColumns(required);
        List<Row> rows = csv.rows().stream().map(r -> new Row(file, (int) r.line(), IntStream.range(0,
                r.cells().size()).boxed().collect(Collectors.toMap(csv.header()::get, r.cells()::get)))).toList();
        if (rows.isEmpty()) {
            throw new Histo4jException("manifest " + file + " lists no slides");
        }
        return rows;
    }

    /** The entries of {@code rows} after checking that {@code key} is unique. */
    static <T> List<T> unique(List<Row> rows, String key, Function<Row, T> entry) {
        List<String> seen = new ArrayList<>();
        List<T> entries = new ArrayList<>();
        for (Row row : rows) {
            String id = row.get(key);
            if (seen.contains(id)) {
                throw new Histo4jException(row.file() + " line " + row.line() + ": " + key + " '" + id
                        + "' is listed twice");
            }
            seen.add(id);
            entries.add(entry.apply(row));
        }
        return entries;
    }
}

package org.histo4j.slide.encode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;

/**
 * Reads (through {@link Csv}) the small comma-separated manifests of the slide stage: a header line naming columns,
 * then one row each.
 */
final class Manifests {

    private Manifests() {}

    /** The rows of {@code file} (read by {@link Csv}), which must have the {@code required} columns. */
    static List<Csv.Row> read(Path file, List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("manifest not found: " + file);
        }
        List<Csv.Row> rows = Csv.read(file).requireColumns(required).rows();
        if (rows.isEmpty()) {
            throw new Histo4jException("manifest " + file + " lists no slides");
        }
        return rows;
    }

    /** The entries of {@code rows} after checking that {@code key} is unique. */
    static <T> List<T> unique(List<Csv.Row> rows, String key, Function<Csv.Row, T> entry) {
        List<String> seen = new ArrayList<>();
        List<T> entries = new ArrayList<>();
        for (Csv.Row row : rows) {
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

package org.histo4j.slide.encode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.histo4j.Histo4jException;

/** Reads the small comma-separated manifests of the slide stage: a header line naming columns, then one row each. */
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

    /** The rows of {@code file}, which must have the {@code required} columns. */
    static List<Row> read(Path file, List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("manifest not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Histo4jException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new Histo4jException("manifest " + file + " is empty");
        }
        List<String> header = Arrays.stream(lines.getFirst().split(",", -1)).map(String::strip).toList();
        List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new Histo4jException("manifest " + file + " lacks column(s) " + missing + "; it has " + header);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size()) {
                throw new Histo4jException(file + " line " + (i + 1) + " has " + cells.length + " fields, the header "
                        + header.size());
            }
            rows.add(new Row(file, i + 1, IntStream.range(0, cells.length).boxed()
                    .collect(Collectors.toMap(header::get, c -> cells[c]))));
        }
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

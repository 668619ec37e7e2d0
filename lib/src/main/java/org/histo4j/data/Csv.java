package org.histo4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.histo4j.Histo4jException;

/**
 * A comma-separated file as histo4j reads and writes them: RFC 4180 (fields holding commas, quotes or line breaks are
 * quoted, quotes doubled) through Apache Commons CSV, UTF-8 with an optional byte-order mark, a header line naming
 * the columns, then rows that each have exactly as many fields as the header. Blank lines are skipped. Every CSV
 * the library reads goes through {@link #read(Path)}, every one it writes through {@link #write(Path, List, List)}
 * or {@link #line(List)}, so what histo4j writes it can read back.
 *
 * @param file   the file read
 * @param header the column names, stripped of surrounding spaces
 * @param rows   the data rows in file order
 */
public record Csv(Path file, List<String> header, List<Row> rows) {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setIgnoreEmptyLines(false).get();

    /** One data row: its line in the file (1-based, where the row starts) and its fields by column. */
    public record Row(Path file, long line, List<String> header, List<String> cells) {

        /** The field of {@code column}, stripped, or empty when the column is absent or the field blank. */
        public Optional<String> opt(String column) {
            int index = header.indexOf(column);
            return index < 0 || cells.get(index).isBlank() ? Optional.empty()
                    : Optional.of(cells.get(index).strip());
        }

        /** The field of {@code column}, stripped; an error naming the file and line when it is absent or blank. */
        public String get(String column) {
            return opt(column).orElseThrow(() -> new Histo4jException(file + " line " + line + ": column '" + column
                    + "' is empty"));
        }

        /** The field of {@code column} as an int; an error naming the file, line and value when it is not one. */
        public int integer(String column) {
            String value = get(column);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new Histo4jException(file + " line " + line + ": column '" + column + "' is not an integer: "
                        + value, e);
            }
        }
    }

    /**
     * Reads {@code file}. A row with more or fewer fields than the header, an unterminated quote or a missing
     * file is an error naming the file (and the line).
     */
    public static Csv read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("CSV file not found: " + file);
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            return parse(file, reader);
        } catch (IOException | UncheckedIOException e) {
            throw new Histo4jException("cannot read CSV " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    private static Csv parse(Path file, Reader reader) throws IOException {
        try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = null;
            List<Row> rows = new ArrayList<>();
            long line = parser.getCurrentLineNumber() + 1;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                List<String> cells = record.toList();
                if (cells.size() == 1 && cells.getFirst().isBlank()) {
                    // a blank line: skipped
                } else if (header == null) {
                    header = cells.stream().map(String::strip).toList();
                    if (header.stream().distinct().count() != header.size()) {
                        throw new Histo4jException(file + " line " + line + ": a column is named twice in " + header);
                    }
                } else if (cells.size() != header.size()) {
                    throw new Histo4jException(file + " line " + line + " has " + cells.size() + " field"
                            + (cells.size() == 1 ? "" : "s") + ", the header " + header.size() + " " + header);
                } else {
                    rows.add(new Row(file, line, header, List.copyOf(cells)));
                }
                line = parser.getCurrentLineNumber() + 1;
            }
            if (header == null) {
                throw new Histo4jException("CSV " + file + " is empty: the first line must name the columns");
            }
            return new Csv(file, header, List.copyOf(rows));
        }
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** This file after checking it has the {@code required} columns; an error naming the missing ones otherwise. */
    public Csv requireColumns(List<String> required) {
        List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new Histo4jException("CSV " + file + " lacks column(s) " + missing + "; it has " + header);
        }
        return this;
    }

    /** Writes {@code header} and {@code rows} to {@code file} (UTF-8, quoted where needed), creating parent folders. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(header);
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
        }
    }

    /** The fields of one complete CSV line, or empty when it is not one (an unterminated quote, a torn write). */
    public static Optional<List<String>> fields(String line) {
        try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            return records.size() == 1 ? Optional.of(records.getFirst().toList()) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** One CSV line of {@code cells}, quoted where needed and ending with a newline, for files appended row by row. */
    public static String line(List<?> cells) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format a CSV line", e); // a StringWriter does not fail
        }
        return out.toString();
    }
}

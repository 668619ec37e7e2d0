package org.histo4j.train.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.histo4j.data.Csv;

/**
 * The {@code metrics.csv} of a run in long format, {@code step,task,name,value}, appended and flushed row by row
 * (quoted by {@link Csv} where needed) so that a crash loses at most the row being written.
 */
final class MetricsLog implements AutoCloseable {

    static final String HEADER = "step,task,name,value";

    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Starts a new log with only the header. */
    static MetricsLog create(Path file) throws IOException {
        Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        return append(file);
    }

    /** Keeps the rows of steps up to {@code lastStep} (a torn last line is dropped too) and appends after them. */
    static MetricsLog resume(Path file, long lastStep) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Optional<List<String>> cells = Csv.fields(line);
                if (cells.isPresent() && isCompleteRow(cells.get()) && Long.parseLong(cells.get().getFirst()) <= lastStep) {
                    kept.add(line);
                }
            }
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, kept, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return append(file);
    }

    private static MetricsLog append(Path file) throws IOException {
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    private static boolean isCompleteRow(List<String> cells) {
        if (cells.size() != 4 || String.join(",", cells).equals(HEADER)) {
            return false;
        }
        try {
            Long.parseLong(cells.get(0));
            Double.parseDouble(cells.get(3));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Appends one row and flushes it. */
    void append(long step, String task, String name, double value) throws IOException {
        checkCell("task", task);
        checkCell("name", name);
        out.write(Csv.line(List.of(step, task, name, value)));
        out.flush();
    }

    private static void checkCell(String what, String value) {
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException(what + " must not contain line breaks: '" + value + "'");
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

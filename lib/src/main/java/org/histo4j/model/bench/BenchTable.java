package org.histo4j.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The side-by-side table of a benchmark: one row per size with images/s of histo4j and PyTorch, their ratio
 * (histo4j / PyTorch, above 1 when histo4j is faster) and each one's GFLOP/s; a cell is {@code -} when that
 * engine has no result for the size. Both sides are measured in the same run: the table is the reference.
 */
public final class BenchTable {

    /** The column headers, in order. */
    public static final List<String> COLUMNS = List.of("size", "histo4j img/s", "PyTorch img/s", "ratio",
            "histo4j GFLOP/s", "PyTorch GFLOP/s");

    private static final String MISSING = "-";

    private BenchTable() {}

    /** The table as Markdown-style text lines, sizes in the order of {@code histo4j} (then PyTorch-only sizes). */
    public static String format(List<BenchResult> histo4j, List<BenchResult> pytorch) {
        List<Integer> sizes = new ArrayList<>();
        histo4j.forEach(r -> sizes.add(r.size()));
        pytorch.stream().map(BenchResult::size).filter(s -> !sizes.contains(s)).forEach(sizes::add);
        StringBuilder out = new StringBuilder();
        out.append(row(COLUMNS)).append(row(COLUMNS.stream().map(c -> "---").toList()));
        for (int size : sizes) {
            Optional<BenchResult> ours = find(histo4j, size);
            Optional<BenchResult> theirs = find(pytorch, size);
            String ratio = ours.isPresent() && theirs.isPresent()
                    ? number(ours.get().imagesPerSecond() / theirs.get().imagesPerSecond(), 2) : MISSING;
            out.append(row(List.of(Integer.toString(size), images(ours), images(theirs), ratio, gflops(ours),
                    gflops(theirs))));
        }
        return out.toString();
    }

    private static Optional<BenchResult> find(List<BenchResult> results, int size) {
        return results.stream().filter(r -> r.size() == size).findFirst();
    }

    private static String images(Optional<BenchResult> result) {
        return result.map(r -> number(r.imagesPerSecond(), 1)).orElse(MISSING);
    }

    private static String gflops(Optional<BenchResult> result) {
        return result.map(r -> number(r.gflopsPerSecond(), 1)).orElse(MISSING);
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}

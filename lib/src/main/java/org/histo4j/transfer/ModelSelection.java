package org.histo4j.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Comparing and choosing models (a candidate is an encoder evaluated in one mode) from summarised results,
 * following the seed paper's rules. Every metric is "higher is better".
 *
 * <ul>
 *   <li>Significance: a difference between a and b counts when |mean<sub>a</sub> &minus; mean<sub>b</sub>| &gt;
 *       2 max(std<sub>a</sub>, std<sub>b</sub>); with an undefined (NaN) std nothing is significant.</li>
 *   <li>Ranks: on each task the candidates are ranked by mean, 1 for the best, tied means sharing the mean of
 *       their ranks.</li>
 *   <li>Leave-one-task-out selection: for each task t, among the candidates evaluated on t, choose the one with
 *       the lowest mean rank over the other tasks it was evaluated on (ties: higher mean value over those
 *       tasks, then encoder and mode names). The task's own result never influences its choice.</li>
 * </ul>
 */
public final class ModelSelection {

    private ModelSelection() {}

    /** The paper's rule: |meanA &minus; meanB| &gt; 2 max(stdA, stdB). */
    public static boolean significant(double meanA, double stdA, double meanB, double stdB) {
        return Math.abs(meanA - meanB) > 2 * Math.max(stdA, stdB);
    }

    /** The rule applied to two summary rows. */
    public static boolean significant(SummaryRow a, SummaryRow b) {
        return significant(a.mean(), a.std(), b.mean(), b.std());
    }

    /**
     * Compares two candidates task by task on {@code metric}: columns task, mean_a, std_a, mean_b, std_b,
     * difference (a &minus; b), significant (the paper's rule). Tasks lacking either candidate are left out.
     */
    public static Table compare(List<SummaryRow> summary, String metric, String encoderA, String modeA,
            String encoderB, String modeB) {
        Table table = Table.create(encoderA + "/" + modeA + " vs " + encoderB + "/" + modeB + " " + metric,
                StringColumn.create("task"), DoubleColumn.create("mean_a"), DoubleColumn.create("std_a"),
                DoubleColumn.create("mean_b"), DoubleColumn.create("std_b"), DoubleColumn.create("difference"),
                BooleanColumn.create("significant"));
        byTask(summary, metric).forEach((task, rows) -> {
            SummaryRow a = find(rows, encoderA, modeA);
            SummaryRow b = find(rows, encoderB, modeB);
            if (a != null && b != null) {
                table.stringColumn("task").append(task);
                table.doubleColumn("mean_a").append(a.mean());
                table.doubleColumn("std_a").append(a.std());
                table.doubleColumn("mean_b").append(b.mean());
                table.doubleColumn("std_b").append(b.std());
                table.doubleColumn("difference").append(a.mean() - b.mean());
                table.booleanColumn("significant").append(significant(a, b));
            }
        });
        return table;
    }

    private static SummaryRow find(List<SummaryRow> rows, String encoder, String mode) {
        return rows.stream().filter(r -> r.encoder().equals(encoder) && r.mode().equals(mode)).findFirst()
                .orElse(null);
    }

    /** Reads summary rows from a table with columns encoder, task, mode, metric, mean, std, seeds. */
    public static List<SummaryRow> fromTable(Table summary) {
        List<SummaryRow> rows = new ArrayList<>();
        for (int i = 0; i < summary.rowCount(); i++) {
            rows.add(new SummaryRow(summary.stringColumn("encoder").get(i), summary.stringColumn("task").get(i),
                    summary.stringColumn("mode").get(i), summary.stringColumn("metric").get(i),
                    summary.doubleColumn("mean").getDouble(i), summary.doubleColumn("std").getDouble(i),
                    summary.intColumn("seeds").getInt(i)));
        }
        return rows;
    }

    /** Writes summary rows as a table with columns encoder, task, mode, metric, mean, std, seeds. */
    public static Table toTable(List<SummaryRow> rows) {
        return Table.create("summary",
                StringColumn.create("encoder", rows.stream().map(SummaryRow::encoder).toList()),
                StringColumn.create("task", rows.stream().map(SummaryRow::task).toList()),
                StringColumn.create("mode", rows.stream().map(SummaryRow::mode).toList()),
                StringColumn.create("metric", rows.stream().map(SummaryRow::metric).toList()),
                DoubleColumn.create("mean", rows.stream().mapToDouble(SummaryRow::mean).toArray()),
                DoubleColumn.create("std", rows.stream().mapToDouble(SummaryRow::std).toArray()),
                IntColumn.create("seeds", rows.stream().mapToInt(SummaryRow::seeds).toArray()));
    }

    /**
     * The rank of every candidate on every task for {@code metric}: columns task, encoder, mode, mean, rank.
     */
    public static Table ranks(List<SummaryRow> summary, String metric) {
        List<SummaryRow> rows = new ArrayList<>();
        List<Double> ranks = new ArrayList<>();
        byTask(summary, metric).forEach((task, candidates) -> {
            Map<SummaryRow, Double> taskRanks = rank(candidates);
            taskRanks.forEach((row, rank) -> {
                rows.add(row);
                ranks.add(rank);
            });
        });
        return Table.create("ranks " + metric,
                StringColumn.create("task", rows.stream().map(SummaryRow::task).toList()),
                StringColumn.create("encoder", rows.stream().map(SummaryRow::encoder).toList()),
                StringColumn.create("mode", rows.stream().map(SummaryRow::mode).toList()),
                DoubleColumn.create("mean", rows.stream().mapToDouble(SummaryRow::mean).toArray()),
                DoubleColumn.create("rank", ranks.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * Per task, the best candidate on {@code metric} and the candidates not significantly worse than it: columns
     * task, encoder, mode, mean, std, tied (the others, as {@code encoder/mode} joined by {@code ", "}).
     */
    public static Table winners(List<SummaryRow> summary, String metric) {
        Table table = emptyTable("winners " + metric, "encoder", "mode", "mean", "std");
        StringColumn tied = StringColumn.create("tied");
        byTask(summary, metric).forEach((task, candidates) -> {
            SummaryRow best = candidates.stream().max(Comparator.comparingDouble(SummaryRow::mean)).orElseThrow();
            appendRow(table, task, best);
            tied.append(candidates.stream().filter(c -> c != best && !significant(c, best))
                    .map(c -> c.encoder() + "/" + c.mode()).collect(Collectors.joining(", ")));
        });
        return table.addColumns(tied);
    }

    /**
     * Leave-one-task-out rank-based model selection on {@code metric} (see the class comment). Columns: task,
     * encoder, mode, mean, std (the selected candidate on the task), mean_rank_others, best_encoder, best_mode,
     * best_mean, best_std (the best candidate on the task itself), significantly_worse (the selected candidate is
     * significantly worse than the best). Tasks without another task to rank on are left out.
     */
    public static Table leaveOneTaskOut(List<SummaryRow> summary, String metric) {
        Map<String, List<SummaryRow>> tasks = byTask(summary, metric);
        Map<String, Map<SummaryRow, Double>> ranks = new LinkedHashMap<>();
        tasks.forEach((task, candidates) -> ranks.put(task, rank(candidates)));
        Table table = emptyTable("leave-one-task-out selection " + metric, "encoder", "mode", "mean", "std");
        DoubleColumn meanRank = DoubleColumn.create("mean_rank_others");
        Table best = emptyTable("best", "best_encoder", "best_mode", "best_mean", "best_std");
        BooleanColumn worse = BooleanColumn.create("significantly_worse");
        tasks.forEach((task, candidates) -> {
            Selection selection = select(task, candidates, tasks, ranks);
            if (selection == null) {
                return;
            }
            SummaryRow top = candidates.stream().max(Comparator.comparingDouble(SummaryRow::mean)).orElseThrow();
            appendRow(table, task, selection.row());
            meanRank.append(selection.meanRank());
            appendRow(best, task, top);
            worse.append(significant(selection.row(), top));
        });
        best.removeColumns("task");
        return table.addColumns(meanRank).addColumns(best.columnArray()).addColumns(worse);
    }

    private record Selection(SummaryRow row, double meanRank, double meanValue) {}

    private static Selection select(String task, List<SummaryRow> candidates, Map<String, List<SummaryRow>> tasks,
            Map<String, Map<SummaryRow, Double>> ranks) {
        List<Selection> options = new ArrayList<>();
        for (SummaryRow candidate : candidates) {
            List<Double> candidateRanks = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            tasks.forEach((other, rows) -> {
                if (!other.equals(task)) {
                    rows.stream().filter(candidate::sameCandidate).findFirst().ifPresent(r -> {
                        candidateRanks.add(ranks.get(other).get(r));
                        values.add(r.mean());
                    });
                }
            });
            OptionalDouble meanRank = candidateRanks.stream().mapToDouble(Double::doubleValue).average();
            if (meanRank.isPresent()) {
                options.add(new Selection(candidate, meanRank.getAsDouble(),
                        values.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            }
        }
        return options.stream().min(Comparator.comparingDouble(Selection::meanRank)
                .thenComparing(Comparator.comparingDouble(Selection::meanValue).reversed())
                .thenComparing(s -> s.row().encoder()).thenComparing(s -> s.row().mode())).orElse(null);
    }

    /** Ranks 1..n by decreasing mean, ties sharing the mean of their ranks. */
    private static Map<SummaryRow, Double> rank(List<SummaryRow> candidates) {
        double[] negated = candidates.stream().mapToDouble(r -> -r.mean()).toArray();
        double[] ranks = Metrics.midRanks(negated);
        Map<SummaryRow, Double> result = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            result.put(candidates.get(i), ranks[i]);
        }
        return result;
    }

    /** The rows of {@code metric} with a defined mean, grouped by task in order of first appearance. */
    private static Map<String, List<SummaryRow>> byTask(List<SummaryRow> summary, String metric) {
        Objects.requireNonNull(metric, "metric");
        Map<String, List<SummaryRow>> tasks = new LinkedHashMap<>();
        summary.stream().filter(r -> r.metric().equals(metric) && !Double.isNaN(r.mean()))
                .forEach(r -> tasks.computeIfAbsent(r.task(), t -> new ArrayList<>()).add(r));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no results for metric '" + metric + "'");
        }
        return tasks;
    }

    private static Table emptyTable(String name, String encoder, String mode, String mean, String std) {
        return Table.create(name, StringColumn.create("task"), StringColumn.create(encoder),
                StringColumn.create(mode), DoubleColumn.create(mean), DoubleColumn.create(std));
    }

    private static void appendRow(Table table, String task, SummaryRow row) {
        table.stringColumn(0).append(task);
        table.stringColumn(1).append(row.encoder());
        table.stringColumn(2).append(row.mode());
        table.doubleColumn(3).append(row.mean());
        table.doubleColumn(4).append(row.std());
    }
}

package org.histo4j.transfer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.histo4j.Numbers;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tables of transfer results: the summary with marks against the best candidate of each task and the
 * comparison with a baseline (figures and pages are drawn from them by {@code org.histo4j.report.TransferReport}).
 * Significance follows {@link ModelSelection#significant}: a difference counts when it exceeds twice the larger
 * standard deviation over seeds.
 */
public final class TransferTables {

    /** The mark of the best candidate of a task. */
    public static final String BEST = "best";
    /** The mark of a candidate not significantly worse than the best. */
    public static final String TIED = "tied";
    /** The mark of a candidate significantly worse than the best. */
    public static final String WORSE = "worse";
    /** The mark when a standard deviation is undefined (a single seed): significance cannot be judged. */
    public static final String UNKNOWN = "n/a";

    private TransferTables() {}

    /**
     * The summary: encoder, task, mode, metric, mean, std, seeds, {@code mean_std} (text "0.812 ± 0.0131", three
     * significant digits, see {@link Numbers#meanStd}) and
     * {@code vs_best} ({@value #BEST}, {@value #TIED} or {@value #WORSE} against the candidate with the highest
     * mean on the same task and metric, {@value #UNKNOWN} when a std is undefined; empty for the non-metric rows
     * {@code log10_c} and {@code best_epoch}),
     * sorted by task, metric and decreasing mean.
     */
    public static Table summary(TransferResults results) {
        List<SummaryRow> rows = results.summaryRows();
        Map<List<String>, SummaryRow> best = new LinkedHashMap<>();
        for (SummaryRow row : rows) {
            if (!Double.isNaN(row.mean())) {
                best.merge(List.of(row.task(), row.metric()), row, (a, b) -> b.mean() > a.mean() ? b : a);
            }
        }
        Table table = ModelSelection.toTable(rows);
        StringColumn text = StringColumn.create("mean_std");
        StringColumn marks = StringColumn.create("vs_best");
        Set<String> metrics = new LinkedHashSet<>();
        Arrays.stream(Metric.values()).forEach(m -> metrics.add(m.columnName()));
        for (SummaryRow row : rows) {
            text.append(Numbers.meanStd(row.mean(), row.std()));
            SummaryRow top = best.get(List.of(row.task(), row.metric()));
            marks.append(!metrics.contains(row.metric()) || top == null ? ""
                    : row == top ? BEST : Double.isNaN(row.std()) || Double.isNaN(top.std()) ? UNKNOWN
                    : ModelSelection.significant(row, top) ? WORSE : TIED);
        }
        table.addColumns(text, marks);
        table.setName("summary");
        DoubleColumn negated = table.doubleColumn("mean").multiply(-1).setName("order");
        table.addColumns(negated);
        Table sorted = table.sortOn("task", "metric", "order");
        sorted.removeColumns("order");
        return sorted;
    }

    /**
     * Every candidate against the baseline encoder on {@code metric}, per task: task, encoder, mode, mean, std,
     * baseline_mean, baseline_std, difference, significant, better. The baseline row compared is the one of the
     * same mode when the baseline was evaluated in it, else the baseline's first mode.
     */
    public static Table significanceAgainst(TransferResults results, Metric metric, String baseline) {
        List<SummaryRow> rows = results.summaryRows().stream().filter(r -> r.metric().equals(metric.columnName()))
                .toList();
        Table table = Table.create("significance against " + baseline, StringColumn.create("task"),
                StringColumn.create("encoder"), StringColumn.create("mode"), DoubleColumn.create("mean"),
                DoubleColumn.create("std"), DoubleColumn.create("baseline_mean"), DoubleColumn.create("baseline_std"),
                DoubleColumn.create("difference"), BooleanColumn.create("significant"), BooleanColumn.create("better"));
        for (SummaryRow row : rows) {
            if (row.encoder().equals(baseline)) {
                continue;
            }
            List<SummaryRow> base = rows.stream().filter(r -> r.encoder().equals(baseline)
                    && r.task().equals(row.task())).toList();
            SummaryRow reference = base.stream().filter(r -> r.mode().equals(row.mode())).findFirst()
                    .orElse(base.isEmpty() ? null : base.getFirst());
            if (reference == null) {
                continue;
            }
            boolean significant = ModelSelection.significant(row, reference);
            table.stringColumn("task").append(row.task());
            table.stringColumn("encoder").append(row.encoder());
            table.stringColumn("mode").append(row.mode());
            table.doubleColumn("mean").append(row.mean());
            table.doubleColumn("std").append(row.std());
            table.doubleColumn("baseline_mean").append(reference.mean());
            table.doubleColumn("baseline_std").append(reference.std());
            table.doubleColumn("difference").append(row.mean() - reference.mean());
            table.booleanColumn("significant").append(significant);
            table.booleanColumn("better").append(significant && row.mean() > reference.mean());
        }
        return table;
    }

    /** The rows of a summary for one metric, best first per task. */
    public static Table forMetric(Table summary, Metric metric) {
        return summary.where(summary.stringColumn("metric").isEqualTo(metric.columnName()));
    }
}

package org.histo4j.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.histo4j.report.HtmlReport;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Tables and figures of transfer results: the summary with marks against the best candidate of each task, the
 * comparison with a baseline, a bar chart of a metric per task, fine-tuning's learning curves, and the
 * self-contained HTML report of a run. Significance follows {@link ModelSelection#significant}: a difference
 * counts when it exceeds twice the larger standard deviation over seeds.
 */
public final class TransferReport {

    /** The mark of the best candidate of a task. */
    public static final String BEST = "best";
    /** The mark of a candidate not significantly worse than the best. */
    public static final String TIED = "tied";
    /** The mark of a candidate significantly worse than the best. */
    public static final String WORSE = "worse";
    /** The mark when a standard deviation is undefined (a single seed): significance cannot be judged. */
    public static final String UNKNOWN = "n/a";

    private TransferReport() {}

    /**
     * The summary: encoder, task, mode, metric, mean, std, seeds, {@code mean_std} (text "0.812 ± 0.013") and
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
            text.append(row.meanStd());
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

    /** A grouped bar chart of {@code metric}'s mean over seeds: one group per task, one bar per encoder/mode. */
    public static Figure barChart(TransferResults results, Metric metric) {
        List<SummaryRow> rows = results.summaryRows().stream().filter(r -> r.metric().equals(metric.columnName()))
                .toList();
        List<String> tasks = rows.stream().map(SummaryRow::task).distinct().toList();
        Map<String, double[]> bars = new LinkedHashMap<>();
        for (SummaryRow row : rows) {
            double[] values = bars.computeIfAbsent(row.encoder() + " / " + row.mode(), k -> {
                double[] empty = new double[tasks.size()];
                Arrays.fill(empty, Double.NaN);
                return empty;
            });
            values[tasks.indexOf(row.task())] = row.mean();
        }
        Trace[] traces = bars.entrySet().stream().map(e -> BarTrace.builder(tasks.toArray(), e.getValue())
                .name(e.getKey()).showLegend(true).build()).toArray(Trace[]::new);
        Layout layout = Layout.builder().title(metric.columnName() + " (mean over seeds)")
                .barMode(Layout.BarMode.GROUP).yAxis(Axis.builder().title(metric.columnName()).build()).build();
        return new Figure(layout, traces);
    }

    /**
     * Fine-tuning's learning curves: for every encoder, mode and task, the mean over seeds and folds of the
     * validation score (solid) after each epoch.
     */
    public static Figure learningCurves(Table curves) {
        Map<String, Map<Integer, double[]>> lines = new LinkedHashMap<>();
        for (int i = 0; i < curves.rowCount(); i++) {
            String key = curves.stringColumn("encoder").get(i) + " / " + curves.stringColumn("mode").get(i) + " / "
                    + curves.stringColumn("task").get(i);
            double[] sum = lines.computeIfAbsent(key, k -> new java.util.TreeMap<>())
                    .computeIfAbsent(curves.intColumn("epoch").getInt(i), e -> new double[2]);
            sum[0] += curves.doubleColumn("validation_score").getDouble(i);
            sum[1]++;
        }
        List<Trace> traces = new ArrayList<>();
        lines.forEach((key, epochs) -> {
            double[] x = epochs.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = epochs.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(key)
                    .showLegend(true).build());
        });
        Layout layout = Layout.builder().title("fine-tuning: validation score per epoch (mean over seeds and folds)")
                .xAxis(Axis.builder().title("epoch").build()).yAxis(Axis.builder().title("validation score").build())
                .build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    /**
     * Writes the report of an evaluation: the summary, the bar chart of {@code metric}, the winners per task, and
     * (when there are any) the learning curves.
     */
    public static Path write(Path file, String title, TransferEvaluation.Outcome outcome, Metric metric)
            throws IOException {
        TransferResults results = outcome.results();
        Table summary = summary(results);
        HtmlReport report = HtmlReport.create(title)
                .paragraph("Mean ± standard deviation over seeds of the per-seed mean over folds; a difference is "
                        + "significant when it exceeds twice the larger standard deviation.")
                .heading("Summary").table(forMetric(summary, metric))
                .figure(barChart(results, metric))
                .heading("Best per task and candidates not significantly worse").table(results.winners(metric))
                .heading("All metrics").table(summary);
        if (outcome.learningCurves().rowCount() > 0) {
            report.heading("Fine-tuning learning curves").figure(learningCurves(outcome.learningCurves()));
        }
        return report.write(file);
    }

    /** The rows of a summary for one metric, best first per task. */
    public static Table forMetric(Table summary, Metric metric) {
        return summary.where(summary.stringColumn("metric").isEqualTo(metric.columnName()));
    }
}

package org.histo4j.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.histo4j.Numbers;
import org.histo4j.transfer.Metric;
import org.histo4j.transfer.SummaryRow;
import org.histo4j.transfer.TransferEvaluation;
import org.histo4j.transfer.TransferResults;
import org.histo4j.transfer.TransferTables;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Figures and pages of transfer results, drawn from {@link TransferTables}: a bar chart of a metric per task,
 * fine-tuning's learning curves, the self-contained HTML report of an evaluation and the transfer section of the
 * quickstart's report. Tables shown to people carry mean ± std in one cell.
 */
public final class TransferReport {

    private static final String PROTOCOL = "Mean ± standard deviation over seeds of the per-seed mean over folds; a "
            + "difference is significant when it exceeds twice the larger standard deviation.";

    private TransferReport() {}

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
     * validation score after each epoch.
     */
    public static Figure learningCurves(Table curves) {
        Map<String, Map<Integer, double[]>> lines = new LinkedHashMap<>();
        for (int i = 0; i < curves.rowCount(); i++) {
            String key = curves.stringColumn("encoder").get(i) + " / " + curves.stringColumn("mode").get(i) + " / "
                    + curves.stringColumn("task").get(i);
            double[] sum = lines.computeIfAbsent(key, k -> new TreeMap<>())
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
     * The summary of one metric as people read it: encoder, task, mode, seeds, mean ± std in one cell and the mark
     * against the best of the task (the numeric mean and std stay in the CSV files).
     */
    public static Table summaryForPeople(Table summary, Metric metric) {
        return TransferTables.forMetric(summary, metric).removeColumns("metric", "mean", "std")
                .setName(metric.columnName());
    }

    /**
     * The comparison with the baseline as people read it: task, encoder, mode, mean ± std, the baseline's
     * mean ± std, the difference, significant, better.
     */
    public static Table significanceForPeople(Table significance) {
        Table table = Table.create(significance.name(), significance.stringColumn("task").copy(),
                significance.stringColumn("encoder").copy(), significance.stringColumn("mode").copy());
        StringColumn candidate = StringColumn.create("mean ± std");
        StringColumn baseline = StringColumn.create("baseline mean ± std");
        for (int i = 0; i < significance.rowCount(); i++) {
            candidate.append(Numbers.meanStd(significance.doubleColumn("mean").getDouble(i),
                    significance.doubleColumn("std").getDouble(i)));
            baseline.append(Numbers.meanStd(significance.doubleColumn("baseline_mean").getDouble(i),
                    significance.doubleColumn("baseline_std").getDouble(i)));
        }
        return table.addColumns(candidate, baseline, significance.doubleColumn("difference").copy(),
                significance.booleanColumn("significant").copy(), significance.booleanColumn("better").copy());
    }

    /**
     * Writes the report of an evaluation: the summary of {@code metric}, its bar chart, the winners per task, all
     * metrics, and (when there are any) the learning curves.
     */
    public static Path write(Path file, String title, TransferEvaluation.Outcome outcome, Metric metric)
            throws IOException {
        TransferResults results = outcome.results();
        Table summary = TransferTables.summary(results);
        HtmlReport report = HtmlReport.create(title).paragraph(PROTOCOL)
                .heading("Summary").table(summaryForPeople(summary, metric))
                .figure(barChart(results, metric))
                .heading("Best per task and candidates not significantly worse").table(results.winners(metric))
                .heading("All metrics").table(summary.copy().removeColumns("mean", "std"));
        if (outcome.learningCurves().rowCount() > 0) {
            report.heading("Fine-tuning learning curves").figure(learningCurves(outcome.learningCurves()));
        }
        return report.write(file);
    }

    /** Adds the quick study's accuracy summary, its bar chart and the comparison with the baseline to a report. */
    public static HtmlReport appendQuick(HtmlReport report, TransferEvaluation.QuickResult quick) {
        return report.heading("Transfer to the synthetic target tasks (linear probes)").paragraph(PROTOCOL)
                .table(summaryForPeople(quick.summary(), Metric.ACCURACY))
                .figure(barChart(quick.results(), Metric.ACCURACY))
                .heading("Against the baseline (significant: |difference| > 2 x the larger std over seeds)")
                .table(significanceForPeople(quick.significance()));
    }
}

package org.histo4j.transfer;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The per-fold outcome of a probe's cross-validation on one feature set.
 *
 * @param folds the results of the outer folds, in fold order
 */
public record ProbeResult(List<FoldResult> folds) {

    /** Copies the list. */
    public ProbeResult {
        folds = List.copyOf(folds);
    }

    /** The mean of {@code metric} over the folds (NaN folds skipped; NaN if all are). */
    public double mean(Metric metric) {
        return folds.stream().mapToDouble(f -> f.metric(metric)).filter(v -> !Double.isNaN(v)).average()
                .orElse(Double.NaN);
    }

    /**
     * The predictions of every fold as a table: fold, row, path, group, label, predicted, then one
     * {@code score_<class>} column per class.
     */
    public Table predictionTable(FeatureSet data) {
        IntColumn fold = IntColumn.create("fold");
        IntColumn row = IntColumn.create("row");
        StringColumn path = StringColumn.create("path");
        StringColumn group = StringColumn.create("group");
        IntColumn label = IntColumn.create("label");
        IntColumn predicted = IntColumn.create("predicted");
        DoubleColumn[] scores = data.classNames().stream().map(c -> DoubleColumn.create("score_" + c))
                .toArray(DoubleColumn[]::new);
        for (FoldResult result : folds) {
            Predictions p = result.predictions();
            for (int i = 0; i < p.rows().length; i++) {
                int r = p.rows()[i];
                fold.append(result.fold());
                row.append(r);
                path.append(data.paths()[r]);
                group.append(data.groups()[r]);
                label.append(data.labels()[r]);
                predicted.append(p.predicted()[i]);
                for (int c = 0; c < scores.length; c++) {
                    scores[c].append(p.scores()[i][c]);
                }
            }
        }
        Table table = Table.create(data.task() + " predictions", fold, row, path, group, label, predicted);
        return table.addColumns(scores);
    }
}

package org.histo4j.transfer;

import java.util.List;
import org.histo4j.data.Csv;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Fine-tuning's learning-curve table: one row per encoder, task, mode, seed, fold and epoch. */
final class LearningCurves {

    private LearningCurves() {}

    static void append(Table curves, String encoder, String task, String mode, long seed, int fold,
            FineTuner.Outcome fit) {
        for (int epoch = 0; epoch < fit.trainLoss().size(); epoch++) {
            curves.stringColumn("encoder").append(encoder);
            curves.stringColumn("task").append(task);
            curves.stringColumn("mode").append(mode);
            curves.longColumn("seed").append(seed);
            curves.intColumn("fold").append(fold);
            curves.intColumn("epoch").append(epoch);
            curves.doubleColumn("train_loss").append(fit.trainLoss().get(epoch));
            curves.doubleColumn("validation_score").append(fit.validationScore().get(epoch));
            curves.booleanColumn("best").append(epoch == fit.bestEpoch());
        }
    }

    /** The cells of row {@code r} of {@code curves}, in column order. */
    static List<Object> cells(Table curves, int r) {
        return List.of(curves.stringColumn("encoder").get(r), curves.stringColumn("task").get(r),
                curves.stringColumn("mode").get(r), curves.longColumn("seed").getLong(r),
                curves.intColumn("fold").getInt(r), curves.intColumn("epoch").getInt(r),
                curves.doubleColumn("train_loss").getDouble(r), curves.doubleColumn("validation_score").getDouble(r),
                curves.booleanColumn("best").get(r));
    }

    /** Appends a row read back from a CSV written with {@link #cells}. */
    static void appendCells(Table curves, Csv.Row row) {
        curves.stringColumn("encoder").append(row.get("encoder"));
        curves.stringColumn("task").append(row.get("task"));
        curves.stringColumn("mode").append(row.get("mode"));
        curves.longColumn("seed").append(Long.parseLong(row.get("seed")));
        curves.intColumn("fold").append(row.integer("fold"));
        curves.intColumn("epoch").append(row.integer("epoch"));
        curves.doubleColumn("train_loss").append(Double.parseDouble(row.opt("train_loss").orElse("NaN")));
        curves.doubleColumn("validation_score").append(Double.parseDouble(row.opt("validation_score").orElse("NaN")));
        curves.booleanColumn("best").append(Boolean.parseBoolean(row.get("best")));
    }

    /** An empty learning-curve table. */
    static Table empty() {
        return Table.create("learning curves", StringColumn.create("encoder"), StringColumn.create("task"),
                StringColumn.create("mode"), LongColumn.create("seed"), IntColumn.create("fold"),
                IntColumn.create("epoch"), DoubleColumn.create("train_loss"), DoubleColumn.create("validation_score"),
                BooleanColumn.create("best"));
    }
}

package org.histo4j.transfer;

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

    /** An empty learning-curve table. */
    static Table empty() {
        return Table.create("learning curves", StringColumn.create("encoder"), StringColumn.create("task"),
                StringColumn.create("mode"), LongColumn.create("seed"), IntColumn.create("fold"),
                IntColumn.create("epoch"), DoubleColumn.create("train_loss"), DoubleColumn.create("validation_score"),
                BooleanColumn.create("best"));
    }
}

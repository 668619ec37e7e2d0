package org.histo4j.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.histo4j.transfer.Metric;
import org.histo4j.transfer.TransferEvaluation;
import org.histo4j.transfer.TransferResults;
import org.histo4j.transfer.TransferTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The transfer table the quickstart prints on the terminal, on results worked out by hand. */
class TransferStageTest {

    @Test
    void headlineShowsMeanStdAndSignificanceAgainstTheBaseline() {
        // Baseline 0.30/0.32/0.34: mean 0.32, sample std 0.02; candidate 0.50/0.51/0.52: mean 0.51, std 0.01;
        // the difference 0.19 exceeds 2 x 0.02, so it is significant; "close" 0.33/0.34/0.35 is within it.
        TransferResults results = TransferResults.of(Table.create("r",
                StringColumn.create("encoder", "random", "random", "random", "multitask", "multitask", "multitask",
                        "close", "close", "close"),
                StringColumn.create("task", "t", "t", "t", "t", "t", "t", "t", "t", "t"),
                StringColumn.create("mode", "linear", "linear", "linear", "linear", "linear", "linear", "linear",
                        "linear", "linear"),
                LongColumn.create("seed", 0, 1, 2, 0, 1, 2, 0, 1, 2),
                IntColumn.create("fold", 0, 0, 0, 0, 0, 0, 0, 0, 0),
                StringColumn.create("metric", "accuracy", "accuracy", "accuracy", "accuracy", "accuracy", "accuracy",
                        "accuracy", "accuracy", "accuracy"),
                DoubleColumn.create("value", 0.30, 0.32, 0.34, 0.50, 0.51, 0.52, 0.33, 0.34, 0.35)));
        TransferEvaluation.QuickResult quick = new TransferEvaluation.QuickResult(results,
                TransferTables.summary(results), TransferTables.significanceAgainst(results, Metric.ACCURACY,
                "random"));

        List<String> lines = TransferStage.headline(quick, "random").lines().toList();

        assertEquals(List.of(
                "encoder    task  accuracy        vs random",
                "multitask  t     0.510 ± 0.0100  better, significant",
                "close      t     0.340 ± 0.0100  not significant",
                "random     t     0.320 ± 0.0200  baseline"), lines);
    }
}

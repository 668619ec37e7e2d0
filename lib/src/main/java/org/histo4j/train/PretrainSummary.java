package org.histo4j.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * What a pre-training run reached, written as its {@code summary.json} when it completes.
 *
 * @param runDir the run directory
 * @param completed whether all configured steps are done (false when the run was stopped early)
 * @param steps the steps done
 * @param seconds wall-clock seconds of training, over every session of the run
 * @param validationAccuracy per task name, the validation accuracy at the last evaluation
 * @param meanValidationAccuracy their mean
 * @param bestStep the step of the best checkpoint (highest mean validation accuracy), -1 if none
 * @param bestMeanValidationAccuracy the mean validation accuracy of the best checkpoint
 * @param loaderWaitShare the share of this session's training time the trainer spent waiting for a batch (0 when
 *     the loader always had the next batch on the device in time; near 1 when the loader is the bottleneck)
 * @param diverged whether the run stopped because its loss or parameters were no longer finite ({@code steps} is
 *     then the last step whose loss was finite)
 */
public record PretrainSummary(String runDir, boolean completed, long steps, double seconds,
        Map<String, Double> validationAccuracy, double meanValidationAccuracy, long bestStep,
        double bestMeanValidationAccuracy, double loaderWaitShare, boolean diverged) {

    /** Copies the accuracies, keeping the task order. */
    public PretrainSummary {
        validationAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(validationAccuracy));
    }

    /** The run's {@code metrics.csv} as a table: step (long), task, name (strings), value (double). */
    @JsonIgnore
    public Table metrics() {
        return readMetrics(Path.of(runDir));
    }

    /** The rows of one metric (e.g. {@code "val_accuracy"}, {@code "train_loss"}, {@code "loss"}). */
    public Table metric(String name) {
        Table all = metrics();
        return all.where(all.stringColumn("name").isEqualTo(name)).setName(name);
    }

    /** Reads {@code metrics.csv} of a run directory as a table (step, task, name, value). */
    public static Table readMetrics(Path runDir) {
        Path file = runDir.resolve("metrics.csv");
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).tableName("metrics")
                    .columnTypes(new ColumnType[] {ColumnType.LONG, ColumnType.STRING, ColumnType.STRING,
                        ColumnType.DOUBLE}));
        } catch (RuntimeException e) {
            throw new Histo4jException("cannot read " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /** The validation accuracy of the final evaluation per task, in task order. */
    static Map<String, Double> accuracies(List<String> tasks, Evaluator.Scores scores) {
        Map<String, Double> byTask = new LinkedHashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            if (scores.count()[t] > 0) {
                byTask.put(tasks.get(t), scores.accuracy()[t]);
            }
        }
        return byTask;
    }
}

package org.histo4j.cli.quickstart;

import java.io.IOException;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Manifests;
import org.histo4j.data.ResolvedPool;
import org.histo4j.data.TaskPool;
import org.histo4j.data.source.Sources;
import org.histo4j.report.HtmlReport;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.VerticalBarPlot;

/** Stage 2: assembles the synthetic pool of tasks and describes it (tasks, classes, class balance). */
public final class PoolStage implements Stage {

    /** The pool manifest of the synthetic default, relative to the repository. */
    public static final String MANIFEST = "data-manifests/synthetic-pool.json";

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public String run(Context context, HtmlReport report) throws IOException {
        ResolvedPool resolved = Manifests.resolvePool(context.repository().resolve(MANIFEST));
        try (TaskPool pool = Sources.openPool(resolved, context.repository(), ImageFailurePolicy.FAIL, context.seed())) {
            Table tasks = pool.describe();
            Table balance = classBalance(pool);
            tasks.write().csv(context.dir().resolve("tasks.csv").toFile());
            balance.write().csv(context.dir().resolve("class-balance.csv").toFile());
            String headline = pool.taskCount() + " synthetic tasks with " + pool.size() + " images are pooled for "
                    + "pre-training; " + resolved.targets().size() + " target tasks are kept out for transfer.";
            report.heading("The pool of tasks").paragraph(headline).table(tasks)
                    .figure(VerticalBarPlot.create("Images per class and task", balance, "task", "images"));
            return headline;
        }
    }

    /** One row per task and class with its number of images. */
    static Table classBalance(TaskPool pool) {
        StringColumn task = StringColumn.create("task");
        StringColumn cls = StringColumn.create("class");
        IntColumn images = IntColumn.create("images");
        for (int t = 0; t < pool.taskCount(); t++) {
            ImageSource source = pool.task(t);
            int[] counts = new int[source.classCount()];
            for (int i = 0; i < source.size(); i++) {
                counts[source.label(i)]++;
            }
            for (int c = 0; c < counts.length; c++) {
                task.append(source.name());
                cls.append(source.classes().get(c));
                images.append(counts[c]);
            }
        }
        return Table.create("class balance", task, cls, images);
    }

}

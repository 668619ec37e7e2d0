package org.histo4j.cli.quickstart;

import java.io.IOException;
import org.histo4j.report.EnvironmentReport;
import org.histo4j.report.HtmlReport;
import tech.tablesaw.api.Table;

/** Stage 1: what the machine offers (Java, engine, devices, threads, OpenSlide). */
public final class EnvironmentStage implements Stage {

    @Override
    public String name() {
        return "environment";
    }

    @Override
    public void run(Context context, HtmlReport report) throws IOException {
        Table table = EnvironmentReport.table(false);
        table.write().csv(context.dir().resolve("environment.csv").toFile());
        report.heading("Environment").table(table);
    }
}

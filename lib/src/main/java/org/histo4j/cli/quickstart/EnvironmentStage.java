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
    public String run(Context context, HtmlReport report) throws IOException {
        Table table = EnvironmentReport.table(false);
        table.write().csv(context.dir().resolve("environment.csv").toFile());
        report.heading("Environment").table(table);
        return "java " + Runtime.version().feature() + ", " + value(table, "engine") + ", device "
                + value(table, "default device") + ", " + value(table, "cpu threads") + "\nopenslide: "
                + value(table, "openslide");
    }

    private static String value(Table table, String item) {
        int row = table.stringColumn("item").indexOf(item);
        return row < 0 ? "?" : table.stringColumn("value").get(row);
    }
}

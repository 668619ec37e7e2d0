package org.histo4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.VerticalBarPlot;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Page;

/** Opens written reports in headless Chromium with the network cut off and checks that the chart is drawn. */
class HtmlReportBrowserTest {

    /** Plotly's first default trace colour, #1f77b4: the bars of a one-trace bar chart. */
    private static final int PLOTLY_BLUE = 0x1f77b4;

    private static Figure barChart() {
        Table table = Table.create("speeds", StringColumn.create("size", "64", "96", "224"),
                DoubleColumn.create("images per s", 221, 121, 23));
        return VerticalBarPlot.create("Training speed", table, "size", "images per s");
    }

    @Test
    void writtenReportDrawsItsChartOffline(@TempDir Path dir) throws Exception {
        Path page = HtmlReport.create("Report").paragraph("A chart follows.").figure(barChart())
                .write(dir.resolve("report.html"));

        BufferedImage shot = Chromium.screenshot(page, 1000, 900);

        // A 3-bar chart 800x600: the bars cover tens of thousands of pixels of the trace colour.
        assertTrue(Chromium.countColour(shot, PLOTLY_BLUE) > 5_000,
                "chart area is blank: " + Chromium.countColour(shot, PLOTLY_BLUE) + " bar pixels");
    }

    @Test
    void tablesawsOwnPageIsBlankOfflineWhichIsWhyPlotlyIsInlined(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("cdn.html");
        Files.writeString(page, Page.pageBuilder(barChart(), "target").build().asJavascript());

        BufferedImage shot = Chromium.screenshot(page, 1000, 900);

        assertEquals(0, Chromium.countColour(shot, PLOTLY_BLUE), "the control page should not draw offline");
    }

    @Test
    void reportLoadsNothingFromTheNetwork() {
        String html = HtmlReport.create("Report").figure(barChart()).toHtml();

        assertFalse(html.matches("(?s).*<script[^>]*src=.*"), "a script is loaded from elsewhere");
        assertTrue(html.contains("plotly.js (cartesian - minified) v" + org.histo4j.Version.plotly()),
                "plotly.js is inlined, the version the build names");
        assertTrue(html.length() < 2_000_000, "one copy of the cartesian bundle, not the full one: " + html.length());
    }
}

package org.histo4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code notebooks/00-welcome.ipynb} headless under the installed {@code histo4j} kernel (which needs
 * {@code lib/target/histo4j.jar}, built by {@code environment/setup.sh}) and opens its HTML copy offline.
 */
class WelcomeNotebookTest {

    @Test
    void welcomeNotebookRunsHeadlessAndItsHtmlCopyDrawsTheChartOffline(@TempDir Path out) throws Exception {
        NotebookRunner runner = NotebookRunner.of(Fixtures.repository().resolve("notebooks"), out).withCellTimeout(300);

        List<Path> html = runner.run(runner.select(List.of("00")));

        assertEquals(List.of(out.resolve("00-welcome.html")), html);
        String executed = Files.readString(out.resolve("00-welcome.ipynb"));
        assertTrue(executed.contains("\"output_type\": \"display_data\""), "the notebook displayed nothing");
        assertTrue(!executed.contains("\"output_type\": \"error\""), "a cell reported an error");
        BufferedImage shot = Chromium.screenshot(html.getFirst(), 1200, 3200);
        assertTrue(Chromium.countColour(shot, 0x1f77b4) > 2_000, "the chart of the HTML copy is blank");
    }
}

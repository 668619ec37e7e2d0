package org.histo4j.report;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * A self-contained HTML report: headings, prose, tables, images and Plotly figures in one file that loads
 * nothing from the network (plotly.js is inlined once, images are inline PNGs). Built, then written:
 *
 * <pre>{@code
 * HtmlReport.create("Transfer results").heading("Summary").table(summary).figure(chart).write(path);
 * }</pre>
 */
public final class HtmlReport {

    private final String title;
    private final List<String> body = new ArrayList<>();
    private int figureCount;

    private HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a report with its page title (also shown as the first heading). */
    public static HtmlReport create(String title) {
        return new HtmlReport(title);
    }

    /** Adds a section heading. */
    public HtmlReport heading(String text) {
        body.add("<h2>" + Html.escape(text) + "</h2>");
        return this;
    }

    /** Adds a paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.add("<p>" + Html.escape(text) + "</p>");
        return this;
    }

    /** Adds a table (all rows). */
    public HtmlReport table(Table table) {
        body.add(Html.table(table, Integer.MAX_VALUE));
        return this;
    }

    /** Adds an image, inline. */
    public HtmlReport image(RenderedImage image, String alt) {
        body.add("<figure>" + Html.image(image, alt) + "<figcaption>" + Html.escape(alt) + "</figcaption></figure>");
        return this;
    }

    /** Adds a Plotly figure. */
    public HtmlReport figure(Figure figure) {
        body.add(Plotly.figureHtml(figure, "figure_" + (++figureCount)));
        return this;
    }

    /** Adds raw HTML (trusted, not escaped). */
    public HtmlReport html(String html) {
        body.add(html);
        return this;
    }

    /** The whole page. */
    public String toHtml() {
        StringBuilder page = new StringBuilder(Plotly.source().length() + 4096);
        page.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append("</title>\n").append(Html.pageStyle());
        if (figureCount > 0) {
            page.append(Plotly.scriptTag());
        }
        page.append("</head><body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        body.forEach(part -> page.append(part).append('\n'));
        return page.append("</body></html>\n").toString();
    }

    /** Writes the page, creating parent folders. */
    public Path write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
        return file;
    }
}

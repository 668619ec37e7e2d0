package org.histo4j.report;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.histo4j.Numbers;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Small HTML fragments shared by pages and notebook display: escaped text, tables and inline images. */
public final class Html {

    private Html() {}

    /** Escapes text for use inside HTML elements and attributes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A Tablesaw table as an HTML table, at most {@code maxRows} rows (a note says how many were left out).
     * Floating-point cells are written for people, with three significant digits ({@link Numbers#significant});
     * a table wider than the page scrolls sideways inside its own box instead of widening the page.
     */
    public static String table(Table table, int maxRows) {
        StringBuilder html = new StringBuilder("<div class=\"histo4j-table\"><table class=\"histo4j\"><thead><tr>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int rows = Math.min(maxRows, table.rowCount());
        for (int r = 0; r < rows; r++) {
            html.append("<tr>");
            for (int c = 0; c < table.columnCount(); c++) {
                html.append("<td>").append(escape(cell(table.column(c), r))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></div>");
        if (rows < table.rowCount()) {
            html.append("<p><em>").append(table.rowCount() - rows).append(" more rows not shown</em></p>");
        }
        return html.toString();
    }

    /** A cell as people read it: floating-point values rounded to three significant digits, missing ones empty. */
    static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        if (column.type() == ColumnType.DOUBLE || column.type() == ColumnType.FLOAT) {
            return Numbers.significant(((NumberColumn<?, ?>) column).getDouble(row));
        }
        return column.getString(row);
    }

    /** An image as an {@code <img>} element holding its PNG inline (base64), so the page needs no file beside it. */
    public static String image(RenderedImage image, String alt) {
        return "<img alt=\"" + escape(alt) + "\" src=\"data:image/png;base64," + base64Png(image) + "\"/>";
    }

    /** An image encoded as PNG, in base64. */
    public static String base64Png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("no PNG writer for image type " + image.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The style sheet of histo4j's own pages: the page and its tables. */
    static String pageStyle() {
        return "<style>body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }"
                + "</style>\n" + tableStyle();
    }

    /** The style of histo4j's tables only, for notebook outputs (which must not restyle the notebook page). */
    static String tableStyle() {
        return """
                <style>
                div.histo4j-table { max-width: 100%; overflow-x: auto; }
                table.histo4j { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
                table.histo4j th, table.histo4j td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
                table.histo4j th { background: #f0f0f0; white-space: normal; }
                table.histo4j td { white-space: nowrap; }
                </style>
                """;
    }
}

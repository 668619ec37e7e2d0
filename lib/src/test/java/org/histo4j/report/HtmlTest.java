package org.histo4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.VerticalBarPlot;

class HtmlTest {

    @Test
    void escapesMarkup() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", Html.escape("<b> & \"x\" 'y'"));
    }

    @Test
    void tableShowsHeaderCellsAndHowManyRowsWereLeftOut() {
        Table table = Table.create("t", StringColumn.create("class", "tumour", "<stroma>", "fat"),
                IntColumn.create("count", 10, 20, 30));

        String html = Html.table(table, 2);

        assertTrue(html.contains("<th>class</th><th>count</th>"), html);
        assertTrue(html.contains("<td>&lt;stroma&gt;</td><td>20</td>"), html);
        assertTrue(!html.contains("fat") && html.contains("1 more rows not shown"), html);
    }

    @Test
    void tableRoundsFloatingPointCellsForPeopleAndScrollsWhenWide() {
        Table table = Table.create("t", StringColumn.create("encoder", "nic"),
                DoubleColumn.create("accuracy", 0.7574074074074074), IntColumn.create("seeds", new int[] {12345}));

        String html = Html.table(table, 10);

        assertTrue(html.contains("<td>nic</td><td>0.757</td><td>12345</td>"), html);
        assertTrue(html.startsWith("<div class=\"histo4j-table\">") && Html.tableStyle().contains("overflow-x: auto"),
                html);
    }

    @Test
    void imageRoundTripsThroughInlinePng() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0xAB12CD);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(Html.base64Png(image))));

        assertEquals(3, decoded.getWidth());
        assertEquals(0xAB12CD, decoded.getRGB(2, 1) & 0xFFFFFF);
    }

    @Test
    void figureIdsMustBeJavaScriptIdentifiersBecauseTablesawNamesAVariableAfterThem() {
        Table table = Table.create("t", StringColumn.create("x", "a"), IntColumn.create("y", 1));
        var figure = VerticalBarPlot.create("f", table, "x", "y");

        assertTrue(Plotly.figureHtml(figure, "chart_1").contains("<div id=\"chart_1\">"));
        assertThrows(IllegalArgumentException.class, () -> Plotly.figureHtml(figure, "chart-1"));
    }
}

package org.histo4j.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.plotly.components.Figure;

/**
 * plotly.js as shipped inside the jar, so that every page and notebook the project writes draws its charts with
 * the network unreachable. Tablesaw's own page loads plotly.js from a CDN, which is blank offline; this class is
 * the one place that supplies the library instead. The bundle is plotly.js's minified cartesian one (bar,
 * scatter and line, heatmap, box, histogram, pie...: every trace histo4j draws) at 1.4 MB instead of the full
 * 10.8 MB, since every notebook and page carries one copy of it.
 */
public final class Plotly {

    private static volatile String source;

    private Plotly() {}

    /** The plotly.js source (the minified cartesian bundle, about 1.4 MB), read once from the jar. */
    public static String source() {
        String cached = source;
        if (cached == null) {
            synchronized (Plotly.class) {
                if (source == null) {
                    source = readFromJar();
                }
                cached = source;
            }
        }
        return cached;
    }

    /**
     * A {@code <script>} element that defines {@code window.Plotly}. The source is wrapped as
     * {@code (function(define, exports, module){ ... })(undefined, undefined, undefined)}: inside a notebook,
     * require.js is present and plotly.js would otherwise register itself as an anonymous AMD module instead
     * of setting the global, which leaves every chart blank.
     */
    public static String scriptTag() {
        return "<script type=\"text/javascript\">(function(define, exports, module){\n"
                + source().replace("</script", "<\\/script")
                + "\n})(undefined, undefined, undefined);</script>\n";
    }

    /**
     * The HTML of one figure: its {@code div} and the script that draws it (plotly.js must be loaded). The id
     * must be a JavaScript identifier, because Tablesaw also names a script variable after it.
     */
    public static String figureHtml(Figure figure, String divId) {
        if (!divId.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("figure id must be a JavaScript identifier: " + divId);
        }
        return "<div id=\"" + divId + "\"></div>\n" + figure.asJavascript(divId) + "\n";
    }

    private static String readFromJar() {
        String path = "/org/histo4j/report/plotly/plotly-cartesian.min.js";
        try (InputStream in = Plotly.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js is missing from the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}

package org.histo4j.report;

import java.awt.image.RenderedImage;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Shows charts, tables, images and HTML in a Java notebook. Works in the rapaio kernel (histo4j's kernel) and
 * in IJava, found by reflection so the library depends on neither; outside a notebook it prints the HTML.
 * plotly.js is sent once per kernel session, inlined, so executed notebooks draw their charts offline.
 *
 * <pre>{@code
 * Display.chart(LinePlot.create("Loss", metrics, "step", "loss"));
 * Display.table(summary);
 * }</pre>
 */
public final class Display {

    private static final int DEFAULT_MAX_ROWS = 50;
    private static volatile boolean plotlySent;

    private Display() {}

    /** Shows a Plotly figure; the first chart of a session also carries plotly.js itself. */
    public static void chart(Figure figure) {
        String prefix = "";
        synchronized (Display.class) {
            if (!plotlySent) {
                prefix = Plotly.scriptTag();
                plotlySent = true;
            }
        }
        html(prefix + Plotly.figureHtml(figure, "histo4j_" + UUID.randomUUID().toString().replace("-", "")));
    }

    /** Shows a table, at most 50 rows. */
    public static void table(Table table) {
        table(table, DEFAULT_MAX_ROWS);
    }

    /** Shows a table, at most {@code maxRows} rows. */
    public static void table(Table table, int maxRows) {
        String caption = table.name() == null || table.name().isBlank()
                ? "" : "<p><strong>" + Html.escape(table.name()) + "</strong></p>";
        html(Html.tableStyle() + caption + Html.table(table, maxRows));
    }

    /** Shows an image as PNG. */
    public static void image(RenderedImage image) {
        publish(Map.of("image/png", Html.base64Png(image), "text/plain", "image " + image.getWidth() + "x"
                + image.getHeight()));
    }

    /** Shows HTML (trusted, not escaped). */
    public static void html(String html) {
        publish(Map.of("text/html", html, "text/plain", "[HTML output]"));
    }

    /** Shows plain text. */
    public static void text(String text) {
        publish(Map.of("text/plain", text));
    }

    /** Forgets that plotly.js was sent, e.g. after the notebook page was reloaded with a live kernel. */
    public static void resendPlotly() {
        plotlySent = false;
    }

    private static void publish(Map<String, String> bundle) {
        for (Kernel kernel : Kernel.values()) {
            if (kernel.publishOrSkip(bundle)) {
                return;
            }
        }
        System.out.println(bundle.getOrDefault("text/html", bundle.get("text/plain")));
    }

    /** The notebook kernels Display knows how to talk to, tried in order. */
    private enum Kernel {
        RAPAIO {
            @Override
            boolean publish(Map<String, String> bundle) throws ReflectiveOperationException {
                Class<?> app = find("org.rapaio.jupyter.kernel.MainApp");
                Class<?> dataType = find("org.rapaio.jupyter.kernel.display.DisplayData");
                if (app == null || dataType == null) {
                    return false;
                }
                Object kernel = app.getField("kernel").get(null);
                Object data = dataType.getMethod("fromText", String.class)
                        .invoke(null, bundle.getOrDefault("text/plain", ""));
                Method put = dataType.getMethod("putData", String.class, Object.class);
                for (Map.Entry<String, String> entry : bundle.entrySet()) {
                    put.invoke(data, entry.getKey(), entry.getValue());
                }
                kernel.getClass().getMethod("display", dataType).invoke(kernel, data);
                return true;
            }
        },
        IJAVA {
            @Override
            boolean publish(Map<String, String> bundle) throws ReflectiveOperationException {
                Class<?> ijava = find("io.github.spencerpark.ijava.IJava");
                Class<?> dataType = find("io.github.spencerpark.jupyter.kernel.display.DisplayData");
                if (ijava == null || dataType == null) {
                    return false;
                }
                Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
                if (kernel == null) {
                    return false;
                }
                Object data = dataType.getConstructor().newInstance();
                Method put = dataType.getMethod("putData", String.class, Object.class);
                for (Map.Entry<String, String> entry : bundle.entrySet()) {
                    put.invoke(data, entry.getKey(), entry.getValue());
                }
                kernel.getClass().getMethod("display", dataType).invoke(kernel, data);
                return true;
            }
        };

        abstract boolean publish(Map<String, String> bundle) throws ReflectiveOperationException;

        boolean publishOrSkip(Map<String, String> bundle) {
            try {
                return publish(bundle);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the " + name() + " kernel's display API did not accept output", e);
            }
        }

        static Class<?> find(String name) {
            for (ClassLoader loader : new ClassLoader[] {
                Thread.currentThread().getContextClassLoader(), Display.class.getClassLoader()}) {
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // not this kernel (or not visible from this loader): try the next
                }
            }
            return null;
        }
    }
}

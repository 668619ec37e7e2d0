package org.histo4j.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.histo4j.Version;
import org.histo4j.slide.openslide.OpenSlide;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What histo4j finds on this machine: Java, the DJL engine and its devices, threads, OpenSlide and Jupyter.
 * Printed by {@code histo4j env} and shown by the welcome notebook.
 */
public final class EnvironmentReport {

    private EnvironmentReport() {}

    /** One fact about the environment. */
    public record Item(String name, String value) {}

    /** All facts, in the order they are printed. Loads the DJL engine (and libtorch) if not yet loaded. */
    public static List<Item> collect(boolean checkJupyter) {
        List<Item> items = new ArrayList<>();
        items.add(new Item("histo4j", Version.histo4j()));
        items.add(new Item("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")"));
        items.addAll(engineItems());
        items.add(new Item("cpu threads", Runtime.getRuntime().availableProcessors() + " available to the JVM"
                + torchThreads()));
        items.add(new Item("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB"));
        String preload = System.getenv("LD_PRELOAD");
        items.add(new Item("malloc", preload != null && preload.contains("tcmalloc")
                ? "tcmalloc (" + preload + ")" : "glibc (tcmalloc not preloaded: training at 224 px is slower)"));
        items.add(new Item("openslide", openSlide()));
        if (checkJupyter) {
            items.add(new Item("jupyter", Jupyter.status().describe()));
        }
        return items;
    }

    /** The facts as a two-column table ({@code item}, {@code value}). */
    public static Table table(boolean checkJupyter) {
        List<Item> items = collect(checkJupyter);
        return Table.create("Environment",
                StringColumn.create("item", items.stream().map(Item::name).toList()),
                StringColumn.create("value", items.stream().map(Item::value).toList()));
    }

    private static List<Item> engineItems() {
        try {
            Engine engine = Engine.getInstance();
            Device[] devices = engine.getDevices();
            List<Item> items = new ArrayList<>(List.of(
                    new Item("engine", engine.getEngineName() + " " + engine.getVersion() + " (DJL "
                            + Engine.getDjlVersion() + ")"),
                    new Item("libtorch", libtorch(engine)),
                    new Item("default device", engine.defaultDevice().toString()),
                    new Item("devices", Arrays.toString(devices) + ", GPUs: " + engine.getGpuCount())));
            items.addAll(GpuInventory.items(engine.getGpuCount()));
            return items;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return List.of(new Item("engine", "not usable: " + e.getMessage()));
        }
    }

    /** Where libtorch was loaded from, its flavour, and why that one (the decision environment/setup.sh made). */
    private static String libtorch(Engine engine) {
        if (!"PyTorch".equals(engine.getEngineName())) {
            return "not used (engine " + engine.getEngineName() + ")";
        }
        String path = LibUtils.getLibtorchPath();
        String flavour = Optional.ofNullable(System.getenv("PYTORCH_FLAVOR"))
                .orElse(path.contains("-cpu-") || path.contains("/cpu") ? "cpu" : "unknown");
        String why = Optional.ofNullable(System.getenv("HISTO4J_LIBTORCH_ROUTE"))
                .orElse("DJL's default (not started by ./histo4j)");
        return LibUtils.getVersion() + ", flavour " + flavour + ", " + path + "; why: " + why;
    }

    private static String torchThreads() {
        try {
            if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
                return ", libtorch intra-op " + JniUtils.getNumThreads() + ", inter-op "
                        + JniUtils.getNumInteropThreads();
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // reported by the engine line already
        }
        return "";
    }

    private static String openSlide() {
        if (!OpenSlide.isAvailable()) {
            return "not usable: libopenslide not found (run environment/setup.sh)";
        }
        return "usable (" + OpenSlide.libraryName() + ", OpenSlide " + OpenSlide.libraryVersion() + ")";
    }
}

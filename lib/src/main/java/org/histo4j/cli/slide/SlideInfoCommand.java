package org.histo4j.cli.slide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.histo4j.slide.SlideLevel;
import org.histo4j.slide.SlideMetadata;
import org.histo4j.slide.SlideReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slide info FILE [--json]}: levels, calibration, vendor, associated images, properties. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a slide's metadata.")
final class SlideInfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
    Path file;

    @Option(names = "--json", description = "print JSON (with every property)")
    boolean json;

    @Option(names = "--properties", description = "also list every property (text output)")
    boolean properties;

    /** Prints the metadata. */
    @Override
    public Integer call() throws IOException {
        SlideMetadata meta;
        try (SlideReader slide = SlideReader.open(file)) {
            meta = slide.metadata();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(meta)));
        } else {
            printText(meta, out);
        }
        out.flush();
        return 0;
    }

    private static ObjectNode toJson(SlideMetadata meta) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("file", meta.source());
        root.put("vendor", meta.vendor());
        ArrayNode levels = root.putArray("levels");
        for (SlideLevel level : meta.levels()) {
            levels.addObject().put("width", level.width()).put("height", level.height())
                    .put("downsample", level.downsample());
        }
        putOptional(root, "mppX", meta.mppX());
        putOptional(root, "mppY", meta.mppY());
        putOptional(root, "objectivePower", meta.objectivePower());
        ArrayNode associated = root.putArray("associatedImages");
        meta.associatedImageNames().forEach(associated::add);
        ObjectNode props = root.putObject("properties");
        meta.properties().forEach(props::put);
        return root;
    }

    private static void putOptional(ObjectNode node, String name, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(name, value.getAsDouble());
        } else {
            node.putNull(name);
        }
    }

    private void printText(SlideMetadata meta, PrintWriter out) {
        out.println("file: " + meta.source());
        out.println("vendor: " + meta.vendor());
        out.println("levels: " + meta.levelCount());
        for (int i = 0; i < meta.levelCount(); i++) {
            SlideLevel level = meta.level(i);
            out.printf(Locale.ROOT, "  %d: %d x %d, downsample %.4f%n", i, level.width(), level.height(),
                    level.downsample());
        }
        out.println("microns per pixel: " + (meta.hasMicrons()
                ? String.format(Locale.ROOT, "%s x %s", meta.mppX().getAsDouble(), meta.mppY().getAsDouble())
                : "unknown"));
        out.println("objective power: " + (meta.objectivePower().isPresent()
                ? meta.objectivePower().getAsDouble() + "x" : "unknown"));
        out.println("associated images: " + String.join(", ", meta.associatedImageNames()));
        if (properties) {
            meta.properties().forEach((name, value) -> out.println("  " + name + " = " + value));
        }
    }
}


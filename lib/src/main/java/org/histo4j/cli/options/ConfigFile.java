package org.histo4j.cli.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The {@code config.json} a command writes next to its results: its resolved options, seeds and device(s). */
public final class ConfigFile {

    /** The file name. */
    public static final String NAME = "config.json";

    private ConfigFile() {}

    /** Writes {@code config} (in insertion order) to {@code dir/config.json}. */
    public static void write(Path dir, Map<String, Object> config) throws IOException {
        writeFile(dir.resolve(NAME), config);
    }

    /**
     * Writes {@code config} beside a command's single output file: {@code features.h5} gets
     * {@code features.config.json}.
     */
    public static Path writeBeside(Path output, Map<String, Object> config) throws IOException {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path file = output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + NAME);
        writeFile(file, config);
        return file;
    }

    private static void writeFile(Path file, Map<String, Object> config) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), config);
    }
}

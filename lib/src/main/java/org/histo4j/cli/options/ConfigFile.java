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
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(NAME).toFile(), config);
    }
}

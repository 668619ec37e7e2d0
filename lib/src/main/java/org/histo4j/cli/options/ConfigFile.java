package org.histo4j.cli.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.train.run.ConfigComparison;

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
     * Refuses to continue the run in {@code dir} (the folder of {@code --out}) unless its {@code config.json} holds
     * {@code config}: a missing file has nothing to resume, a different one is named by its first differing setting.
     */
    public static void requireSame(Path dir, Map<String, Object> config) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("--out " + dir + " has no " + NAME + ": nothing to resume; drop --resume");
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode stored;
        JsonNode now;
        try {
            stored = json.readTree(file.toFile());
            now = json.readTree(json.writeValueAsString(config));
        } catch (IOException e) {
            throw new Histo4jException("cannot read " + file + ": " + Histo4jException.reason(e), e);
        }
        ConfigComparison.firstDifference(stored, now).ifPresent(difference -> {
            throw new Histo4jException("--out " + dir + " was made with other options: " + difference
                    + "; resume with the same options or choose another --out");
        });
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

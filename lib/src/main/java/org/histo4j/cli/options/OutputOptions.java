package org.histo4j.cli.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.histo4j.Histo4jException;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR} and {@code --overwrite}: the folder a command writes its results into, refused when it already
 * holds a previous run's results unless {@code --overwrite}.
 */
public final class OutputOptions {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--overwrite", description = "write into a folder that already holds results of this command")
    boolean overwrite;

    /** Whether {@code --overwrite} was given. */
    public boolean overwrite() {
        return overwrite;
    }

    /** The output folder. */
    public Path dir() {
        return out;
    }

    /**
     * Refuses a plain file in place of the folder, and a folder that holds {@code marker} (this command's results)
     * unless {@code --overwrite}.
     */
    public void refuseExisting(String marker) {
        refuseExisting(marker, "choose another --out or pass --overwrite");
    }

    /** Like {@link #refuseExisting(String)}, the refusal ending with {@code choices}: what the user can do. */
    public void refuseExisting(String marker, String choices) {
        refusePlainFile(out);
        if (Files.exists(out.resolve(marker)) && !overwrite) {
            throw new Histo4jException(out + " already holds " + marker + "; " + choices);
        }
    }

    /** Refuses {@code --out} naming an existing plain file where a folder is meant. */
    public static void refusePlainFile(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Histo4jException("--out " + out + " is a file, not a folder; choose another --out");
        }
    }

    /** Creates the folder (after every option was checked). */
    public Path create() throws IOException {
        return Files.createDirectories(out);
    }
}

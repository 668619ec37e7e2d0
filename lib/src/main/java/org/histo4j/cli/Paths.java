package org.histo4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the command line finds the repository's folders (notebooks, manifests). */
final class Paths {

    private Paths() {}

    /**
     * The histo4j repository: {@code -Dhisto4j.home} (set by the launcher), else the current folder or the
     * nearest parent holding {@code notebooks/} and {@code data-manifests/}, else the current folder.
     */
    static Path repository() {
        String home = System.getProperty("histo4j.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("notebooks")) && Files.isRegularFile(dir.resolve("histo4j"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}

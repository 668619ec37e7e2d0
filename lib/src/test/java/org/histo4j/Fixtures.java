package org.histo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shared real-file fixtures ({@code shared/fixtures}: slides, weights, OpenSlide conformance files).
 * Looked up in the system property {@code histo4j.fixtures}, the environment variable {@code HISTO4J_FIXTURES},
 * then {@code shared/fixtures} beside the repository or one of its parents. A missing fixture fails the test.
 */
public final class Fixtures {

    private Fixtures() {}

    /** The fixtures folder. */
    public static Path root() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("histo4j.fixtures");
        if (property != null) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv("HISTO4J_FIXTURES");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        for (Path dir = repository().toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("shared/fixtures"));
        }
        candidates.add(Path.of("/work/shared/fixtures"));
        return candidates.stream().filter(p -> Files.isDirectory(p.resolve("slides"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("shared fixtures not found; tried " + candidates
                        + " (set HISTO4J_FIXTURES)"));
    }

    /** A fixture file by its path inside the fixtures folder, e.g. {@code "openslide/boxes.tiff"}. */
    public static Path path(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("fixture missing: " + path);
        }
        return path;
    }

    /** The repository root (the parent of {@code lib/}). */
    public static Path repository() {
        String property = System.getProperty("histo4j.repo");
        return property != null ? Path.of(property) : Path.of("..");
    }
}

package org.histo4j.transfer;

import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;

/**
 * A feature cache whose provenance differs from the expected one: its features must be extracted again. The
 * message names the cache file and every field that differs.
 */
public final class StaleFeatureCacheException extends Histo4jException {

    private final transient Path file;
    private final List<String> differences;

    /** Creates the exception for {@code file} with the differing fields, as {@link CacheProvenance#differences}. */
    public StaleFeatureCacheException(Path file, List<String> differences) {
        super("stale feature cache " + file + ": " + String.join("; ", differences));
        this.file = file;
        this.differences = List.copyOf(differences);
    }

    /** The cache file. */
    public Path file() {
        return file;
    }

    /** The differing fields, one description each. */
    public List<String> differences() {
        return differences;
    }
}

package org.histo4j.data;

import java.util.OptionalLong;

/**
 * One class of a dataset as a manifest declares it: its name and, when published, its number of images.
 *
 * @param name  the class name; for the folder layout also the sub-folder name
 * @param count the number of images, or {@code -1} when unknown
 */
public record ClassSpec(String name, long count) {

    /** Validates the name and the count. */
    public ClassSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("class name is blank");
        }
        if (count < -1) {
            throw new IllegalArgumentException("class count " + count + " < 0 for " + name);
        }
    }

    /** A class whose count is not known. */
    public static ClassSpec unknownCount(String name) {
        return new ClassSpec(name, -1);
    }

    /** The count if known. */
    public OptionalLong knownCount() {
        return count < 0 ? OptionalLong.empty() : OptionalLong.of(count);
    }
}

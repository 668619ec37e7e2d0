package org.histo4j.slide.encode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One slide of a cohort: its id, file, slide label and the group (patient) that cross-validation keeps together.
 *
 * @param slideId a name unique in the cohort, e.g. {@code slide-003}
 * @param path the slide file
 * @param label the slide class, 0 (negative) or 1 (positive) for binary cohorts
 * @param group the patient or other unit that splits keep together
 */
public record SlideEntry(String slideId, Path path, int label, String group) {

    /** Validates the entry. */
    public SlideEntry {
        Objects.requireNonNull(slideId, "slideId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(group, "group");
        if (label < 0) {
            throw new IllegalArgumentException("slide " + slideId + ": label must not be negative, got " + label);
        }
    }

    /** An entry for a single slide file: its id is the file name without extension, its own group, label 0. */
    public static SlideEntry of(Path slide) {
        String name = slide.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String id = dot > 0 ? name.substring(0, dot) : name;
        return new SlideEntry(id, slide, 0, id);
    }
}

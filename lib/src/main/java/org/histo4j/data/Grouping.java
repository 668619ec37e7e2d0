package org.histo4j.data;

import java.util.Arrays;
import java.util.Optional;

/** The unit that must never be split across train/validation/test: samples of one group stay together. */
public enum Grouping {
    /** All images of a patient stay in one split. */
    PATIENT,
    /** All images of a slide stay in one split. */
    SLIDE,
    /** Every image is its own group (no known patient or slide). */
    IMAGE;

    /** The name used in manifests ({@code "patient"}, {@code "slide"}, {@code "image"}). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The grouping with the given manifest name, if any. */
    public static Optional<Grouping> fromJson(String name) {
        return Arrays.stream(values()).filter(g -> g.jsonName().equals(name)).findFirst();
    }
}

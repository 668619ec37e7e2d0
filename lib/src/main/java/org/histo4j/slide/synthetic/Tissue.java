package org.histo4j.slide.synthetic;

/** What a pixel of a synthetic slide shows. */
public enum Tissue {
    /** Glass: no tissue. */
    BACKGROUND,
    /** Healthy tissue. */
    NORMAL,
    /** The lesion that makes a slide positive. */
    LESION
}

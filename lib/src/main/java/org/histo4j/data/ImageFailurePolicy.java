package org.histo4j.data;

/** What to do with an image that is missing or cannot be decoded. */
public enum ImageFailurePolicy {
    /** Report the image by its path (logged and listed) and go on without it. */
    SKIP,
    /** Stop with a {@link org.histo4j.Histo4jException} naming the image. */
    FAIL
}

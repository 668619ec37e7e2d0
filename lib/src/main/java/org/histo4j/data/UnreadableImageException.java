package org.histo4j.data;

import org.histo4j.Histo4jException;

/** An image that is missing or cannot be decoded; its message and {@link #location()} name it. */
public class UnreadableImageException extends Histo4jException {

    /** The path (or file and offset) of the image. */
    private final String location;

    /** Creates the exception for an image at a location, keeping the cause. */
    public UnreadableImageException(String location, String problem, Throwable cause) {
        super("unreadable image " + location + ": " + problem, cause);
        this.location = location;
    }

    /** The path (or file and offset) of the image. */
    public String location() {
        return location;
    }
}

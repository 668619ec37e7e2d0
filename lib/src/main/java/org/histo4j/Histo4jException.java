package org.histo4j;

/**
 * A failure the user can act on: bad input (a missing file, a manifest that does not validate, a slide that
 * cannot be read, a checkpoint from another architecture) or a run that cannot go on. Its message is one
 * clear line that names the thing at fault; the command line prints it instead of a stack trace.
 */
public class Histo4jException extends RuntimeException {

    /** Creates an exception whose message is shown to the user as is. */
    public Histo4jException(String message) {
        super(message);
    }

    /** Creates an exception that keeps the low-level cause for debugging. */
    public Histo4jException(String message, Throwable cause) {
        super(message, cause);
    }
}

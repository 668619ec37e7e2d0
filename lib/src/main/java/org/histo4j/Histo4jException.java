package org.histo4j;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /**
     * The reason of a low-level failure in a user's words, to follow "cannot do X: ": {@code permission denied
     * (/x)} rather than {@code /x} (an {@link AccessDeniedException}'s message is only its file), a JSON syntax error
     * with its line and column but without Jackson's advice on parser features; any other exception's message.
     */
    public static String reason(Throwable e) {
        if (e instanceof FileSystemException f) {
            String word = switch (f) {
                case AccessDeniedException a -> "permission denied";
                case NoSuchFileException n -> "no such file or folder";
                case FileAlreadyExistsException x -> "a file or folder of that name exists";
                case NotDirectoryException d -> "not a folder";
                case DirectoryNotEmptyException d -> "folder not empty";
                default -> f.getReason() != null ? f.getReason() : "file system error";
            };
            return f.getFile() == null ? word : word + " (" + f.getFile() + ")";
        }
        if (e instanceof JsonProcessingException j) {
            String message = String.valueOf(j.getOriginalMessage()).lines().findFirst().orElse("");
            int advice = message.indexOf("JsonReadFeature");
            if (advice < 0) {
                advice = message.indexOf("Feature '");
            }
            if (advice >= 0) {
                int cut = Math.max(message.lastIndexOf('(', advice), message.lastIndexOf(';', advice));
                message = message.substring(0, Math.max(0, cut)).strip();
            }
            JsonLocation at = j.getLocation();
            return at == null || at.getLineNr() < 1 ? message
                    : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}

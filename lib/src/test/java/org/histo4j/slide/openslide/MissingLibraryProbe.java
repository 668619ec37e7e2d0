package org.histo4j.slide.openslide;

import java.nio.file.Path;
import org.histo4j.Histo4jException;

/** Run in a child JVM pointed at a library that does not exist; prints what a user would see. */
public final class MissingLibraryProbe {

    private MissingLibraryProbe() {}

    /** Prints whether OpenSlide is available, then the message of opening a slide. */
    public static void main(String[] args) {
        System.out.println("available=" + OpenSlide.isAvailable());
        try {
            new OpenSlide(Path.of(args[0])).close();
            System.out.println("opened");
        } catch (Histo4jException e) {
            System.out.println("message=" + e.getMessage());
        }
    }
}

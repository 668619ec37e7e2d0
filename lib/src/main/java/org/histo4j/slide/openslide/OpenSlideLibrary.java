package org.histo4j.slide.openslide;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.Histo4jException;

/**
 * Finds the OpenSlide shared library once: the system property {@code histo4j.openslide.library} (a path or a
 * name) when set, otherwise OpenSlide 4's then OpenSlide 3's library names for Linux, macOS and Windows.
 */
final class OpenSlideLibrary {

    /** Library names tried in order when no explicit library is configured. */
    static final List<String> NAMES = List.of("libopenslide.so.1", "libopenslide.so.0", "libopenslide.1.dylib",
            "libopenslide.0.dylib", "libopenslide-1.dll", "libopenslide-0.dll");

    private static final SymbolLookup LOOKUP;
    private static final String LOADED_NAME;
    private static final List<String> TRIED = new ArrayList<>();
    private static final RuntimeException FAILURE;

    static {
        String configured = System.getProperty("histo4j.openslide.library");
        List<String> candidates = configured != null ? List.of(configured) : NAMES;
        SymbolLookup found = null;
        String name = null;
        RuntimeException failure = null;
        for (String candidate : candidates) {
            TRIED.add(candidate);
            try {
                found = SymbolLookup.libraryLookup(candidate, Arena.global());
                name = candidate;
                break;
            } catch (IllegalArgumentException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        LOOKUP = found;
        LOADED_NAME = name;
        FAILURE = found == null ? failure : null;
    }

    private OpenSlideLibrary() {}

    /** Whether the library was found and loaded. */
    static boolean isAvailable() {
        return LOOKUP != null;
    }

    /** The name or path the library was loaded from. */
    static String loadedName() {
        require();
        return LOADED_NAME;
    }

    /** The library's symbols, or a one-line {@link Histo4jException} saying it is missing and how to get it. */
    static SymbolLookup require() {
        if (LOOKUP == null) {
            throw new Histo4jException("OpenSlide native library not found (tried " + String.join(", ", TRIED)
                    + "); install it (Debian/Ubuntu: apt-get install libopenslide0) or set -Dhisto4j.openslide.library=PATH",
                    FAILURE);
        }
        return LOOKUP;
    }
}

package org.histo4j.slide.openslide;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.Histo4jException;

/**
 * Downcalls into the OpenSlide C API (the subset shared by 3.4 and 4.x). Loading this class requires the
 * library: callers check {@link OpenSlideLibrary#require()} first. These methods do no locking and no error
 * checking of the handle; {@link OpenSlide} does both.
 */
final class OpenSlideNative {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = find("openslide_open", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle DETECT_VENDOR = find("openslide_detect_vendor",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = find("openslide_close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle GET_ERROR = find("openslide_get_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle GET_VERSION = find("openslide_get_version", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle LEVEL_COUNT = find("openslide_get_level_count",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LEVEL_DIMENSIONS = find("openslide_get_level_dimensions",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LEVEL_DOWNSAMPLE = find("openslide_get_level_downsample",
            FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_INT));
    private static final MethodHandle BEST_LEVEL = find("openslide_get_best_level_for_downsample",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_DOUBLE));
    private static final MethodHandle READ_REGION = find("openslide_read_region",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PROPERTY_NAMES = find("openslide_get_property_names",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PROPERTY_VALUE = find("openslide_get_property_value",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ASSOCIATED_NAMES = find("openslide_get_associated_image_names",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle ASSOCIATED_DIMENSIONS = find("openslide_get_associated_image_dimensions",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle READ_ASSOCIATED = find("openslide_read_associated_image",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));

    private OpenSlideNative() {}

    private static MethodHandle find(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = OpenSlideLibrary.require().find(name).orElseThrow(() -> new Histo4jException(
                "OpenSlide library " + OpenSlideLibrary.loadedName() + " lacks " + name + " (too old?)"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("OpenSlide downcall failed", t);
    }

    /** A C string as Java text, or null for a NULL pointer. */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** A NULL-terminated array of C strings as a list. */
    static List<String> strings(MemorySegment array) {
        List<String> out = new ArrayList<>();
        if (array.equals(MemorySegment.NULL)) {
            return out;
        }
        MemorySegment all = array.reinterpret(Long.MAX_VALUE);
        for (long i = 0; ; i++) {
            MemorySegment item = all.getAtIndex(ADDRESS, i);
            if (item.equals(MemorySegment.NULL)) {
                return out;
            }
            out.add(string(item));
        }
    }

    static MemorySegment open(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (MemorySegment) OPEN.invokeExact(arena.allocateFrom(path));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String detectVendor(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return string((MemorySegment) DETECT_VENDOR.invokeExact(arena.allocateFrom(path)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(MemorySegment osr) {
        try {
            CLOSE.invokeExact(osr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String error(MemorySegment osr) {
        try {
            return string((MemorySegment) GET_ERROR.invokeExact(osr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String version() {
        try {
            return string((MemorySegment) GET_VERSION.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int levelCount(MemorySegment osr) {
        try {
            return (int) LEVEL_COUNT.invokeExact(osr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A level's {width, height}; {-1, -1} on error. */
    static long[] levelDimensions(MemorySegment osr, int level) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(JAVA_LONG);
            MemorySegment h = arena.allocate(JAVA_LONG);
            LEVEL_DIMENSIONS.invokeExact(osr, level, w, h);
            return new long[] {w.get(JAVA_LONG, 0), h.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static double levelDownsample(MemorySegment osr, int level) {
        try {
            return (double) LEVEL_DOWNSAMPLE.invokeExact(osr, level);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bestLevelForDownsample(MemorySegment osr, double downsample) {
        try {
            return (int) BEST_LEVEL.invokeExact(osr, downsample);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads premultiplied ARGB pixels of a region into {@code dest} (at least {@code w * h} ints). */
    static void readRegion(MemorySegment osr, int[] dest, long x, long y, int level, int w, int h) {
        int n = Math.multiplyExact(w, h);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(JAVA_INT, n);
            READ_REGION.invokeExact(osr, buffer, x, y, level, (long) w, (long) h);
            MemorySegment.copy(buffer, JAVA_INT, 0, dest, 0, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static List<String> propertyNames(MemorySegment osr) {
        try {
            return strings((MemorySegment) PROPERTY_NAMES.invokeExact(osr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String propertyValue(MemorySegment osr, String name) {
        try (Arena arena = Arena.ofConfined()) {
            return string((MemorySegment) PROPERTY_VALUE.invokeExact(osr, arena.allocateFrom(name)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static List<String> associatedImageNames(MemorySegment osr) {
        try {
            return strings((MemorySegment) ASSOCIATED_NAMES.invokeExact(osr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An associated image's {width, height}; {-1, -1} on error. */
    static long[] associatedImageDimensions(MemorySegment osr, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(JAVA_LONG);
            MemorySegment h = arena.allocate(JAVA_LONG);
            ASSOCIATED_DIMENSIONS.invokeExact(osr, arena.allocateFrom(name), w, h);
            return new long[] {w.get(JAVA_LONG, 0), h.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads an associated image's premultiplied ARGB pixels into {@code dest} ({@code n} ints). */
    static void readAssociatedImage(MemorySegment osr, String name, int[] dest, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(JAVA_INT, n);
            READ_ASSOCIATED.invokeExact(osr, arena.allocateFrom(name), buffer);
            MemorySegment.copy(buffer, JAVA_INT, 0, dest, 0, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}

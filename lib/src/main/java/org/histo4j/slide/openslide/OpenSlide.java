package org.histo4j.slide.openslide;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.File;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideMetadata;
import org.histo4j.slide.SlideReader;

/**
 * A slide opened with the OpenSlide C library, called through the Foreign Function and Memory API.
 * Its public shape follows the official OpenSlide Java binding ({@code OpenSlide(File)}, {@code getLevelCount},
 * {@code paintRegionARGB}, {@code createThumbnailImage}...), and it is a {@link SlideReader} for the rest of
 * histo4j.
 *
 * <p>Errors: OpenSlide reports read failures only through {@code openslide_get_error}, and a failure sticks to
 * the handle. Every method checks it before and after calling the library, so once a read has failed every
 * later call throws a {@link Histo4jException} naming the slide and OpenSlide's message.
 *
 * <p>Threads: regions may be read from several threads at once (OpenSlide's handles are thread-safe);
 * {@link #close()} waits for reads in flight, and every call after it throws {@link IllegalStateException}.
 * A handle that is never closed is released by a {@link Cleaner} once unreachable.
 *
 * <p>Pixels: OpenSlide returns premultiplied ARGB; {@link #paintRegionARGB} passes it on as the official
 * binding does, while {@link #readRegion}, {@link #readAssociatedImage} and thumbnails un-premultiply it
 * ({@code c = 255 * c_pre / a}, integer division, as openslide-python does) into
 * {@link BufferedImage#TYPE_INT_ARGB}.
 */
public final class OpenSlide implements SlideReader {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Path path;
    private final MemorySegment osr;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Cleaner.Cleanable cleanable;
    private final SlideMetadata metadata;
    private boolean closed;

    /** Opens a slide (official binding's constructor). */
    public OpenSlide(File file) {
        this(file.toPath());
    }

    /**
     * Opens a slide; throws {@link Histo4jException} with one line when the library is missing, the file does
     * not exist, its format is not supported, or OpenSlide recognises it but cannot open it.
     */
    public OpenSlide(Path path) {
        OpenSlideLibrary.require();
        this.path = path;
        if (!Files.exists(path)) {
            throw new Histo4jException("slide not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new Histo4jException("slide is not a readable file: " + path);
        }
        MemorySegment handle = OpenSlideNative.open(path.toString());
        if (handle.equals(MemorySegment.NULL)) {
            throw notOpenable(path);
        }
        String error = OpenSlideNative.error(handle);
        if (error != null) {
            OpenSlideNative.close(handle);
            throw new Histo4jException("cannot open slide " + path + ": " + error);
        }
        this.osr = handle;
        this.cleanable = CLEANER.register(this, new Closer(handle));
        try {
            this.metadata = readMetadata();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Histo4jException notOpenable(Path path) {
        Optional<String> vendor = detectVendor(path);
        return vendor.isEmpty()
                ? new Histo4jException("not a slide OpenSlide recognises (unsupported format or damaged file): " + path)
                : new Histo4jException("cannot open " + vendor.get() + " slide (damaged or incomplete file?): " + path);
    }

    /** Releases a handle; registered with the cleaner, so it must not refer to the {@link OpenSlide}. */
    private record Closer(MemorySegment osr) implements Runnable {
        @Override
        public void run() {
            OpenSlideNative.close(osr);
        }
    }

    /** Whether the OpenSlide library could be loaded on this machine. */
    public static boolean isAvailable() {
        return OpenSlideLibrary.isAvailable();
    }

    /** OpenSlide's version string ({@code openslide_get_version}), e.g. {@code 3.4.1}. */
    public static String libraryVersion() {
        OpenSlideLibrary.require();
        return OpenSlideNative.version();
    }

    /** The name or path the OpenSlide library was loaded from (e.g. {@code libopenslide.so.0}). */
    public static String libraryName() {
        return OpenSlideLibrary.loadedName();
    }

    /** The vendor OpenSlide detects for a file, empty when it does not recognise the format. */
    public static Optional<String> detectVendor(Path path) {
        OpenSlideLibrary.require();
        return Optional.ofNullable(OpenSlideNative.detectVendor(path.toString()));
    }

    /** The file this slide was opened from. */
    public Path path() {
        return path;
    }

    private SlideMetadata readMetadata() {
        SlideMetadata.Builder builder = SlideMetadata.builder().setSource(path.toString());
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : OpenSlideNative.propertyNames(osr)) {
            String value = OpenSlideNative.propertyValue(osr, name);
            properties.put(name, value);
            builder.addProperty(name, value);
        }
        int levels = OpenSlideNative.levelCount(osr);
        for (int level = 0; level < levels; level++) {
            long[] size = OpenSlideNative.levelDimensions(osr, level);
            builder.addLevel(size[0], size[1], OpenSlideNative.levelDownsample(osr, level));
        }
        OpenSlideNative.associatedImageNames(osr).forEach(builder::addAssociatedImage);
        failOnError();
        String vendor = properties.get("openslide.vendor");
        builder.setVendor(vendor != null ? vendor : detectVendor(path).orElse("unknown"));
        OptionalNumber mppX = OptionalNumber.parse(properties.get("openslide.mpp-x"));
        OptionalNumber mppY = OptionalNumber.parse(properties.get("openslide.mpp-y"));
        if (mppX.positive() && mppY.positive()) {
            builder.optMpp(mppX.value(), mppY.value());
        }
        OptionalNumber power = OptionalNumber.parse(properties.get("openslide.objective-power"));
        if (power.positive()) {
            builder.optObjectivePower(power.value());
        }
        return builder.build();
    }

    /** A property parsed as a number, tolerating absent or malformed values (they count as absent). */
    private record OptionalNumber(double value) {
        static OptionalNumber parse(String text) {
            try {
                return new OptionalNumber(text == null ? Double.NaN : Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                return new OptionalNumber(Double.NaN);
            }
        }

        boolean positive() {
            return value > 0 && Double.isFinite(value);
        }
    }

    /** Runs an action under the read lock after checking the handle is open and not in error, and checks after. */
    private <T> T locked(Supplier<T> action) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (closed) {
                throw new IllegalStateException("OpenSlide handle is closed: " + path);
            }
            failOnError();
            T result = action.get();
            failOnError();
            return result;
        } finally {
            read.unlock();
        }
    }

    private void failOnError() {
        String error = OpenSlideNative.error(osr);
        if (error != null) {
            throw new Histo4jException("cannot read slide " + path + ": " + error);
        }
    }

    @Override
    public SlideMetadata metadata() {
        return locked(() -> metadata);
    }

    /** Uses OpenSlide's own choice of level for a downsample. */
    @Override
    public int bestLevelForDownsample(double downsample) {
        return locked(() -> OpenSlideNative.bestLevelForDownsample(osr, downsample));
    }

    @Override
    public BufferedImage readRegion(long x, long y, int level, int width, int height) {
        BufferedImage image = new BufferedImage(checkSize(width, height, "region"), height,
                BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        paintRegionARGB(pixels, x, y, level, width, height);
        unpremultiply(pixels);
        return image;
    }

    @Override
    public BufferedImage readAssociatedImage(String name) {
        if (!metadata().associatedImageNames().contains(name)) {
            throw new IllegalArgumentException("no associated image '" + name + "' in " + path + "; it has "
                    + metadata.associatedImageNames());
        }
        return locked(() -> {
            long[] size = OpenSlideNative.associatedImageDimensions(osr, name);
            failOnError();
            int width = Math.toIntExact(size[0]);
            int height = Math.toIntExact(size[1]);
            BufferedImage image = new BufferedImage(checkSize(width, height, "associated image"), height,
                    BufferedImage.TYPE_INT_ARGB);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            OpenSlideNative.readAssociatedImage(osr, name, pixels, pixels.length);
            failOnError();
            unpremultiply(pixels);
            return image;
        });
    }

    private static int checkSize(int width, int height, String what) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(what + " size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " too large for one image: " + width + "x" + height);
        }
        return width;
    }

    /**
     * Reads a region's premultiplied ARGB pixels into {@code dest}, row by row (official binding's method);
     * {@code x, y} in level-0 pixels, {@code w, h} in pixels of {@code level}.
     */
    public void paintRegionARGB(int[] dest, long x, long y, int level, int w, int h) {
        checkSize(w, h, "region");
        if ((long) w * h > dest.length) {
            throw new IllegalArgumentException("destination holds " + dest.length + " pixels, region needs "
                    + (long) w * h);
        }
        locked(() -> {
            OpenSlideNative.readRegion(osr, dest, x, y, level, w, h);
            return null;
        });
    }

    /** Un-premultiplies ARGB pixels in place: each colour becomes {@code 255 * c / a} (integer division). */
    static void unpremultiply(int[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int a = p >>> 24;
            if (a != 0 && a != 255) {
                int r = 255 * ((p >>> 16) & 0xff) / a;
                int g = 255 * ((p >>> 8) & 0xff) / a;
                int b = 255 * (p & 0xff) / a;
                pixels[i] = a << 24 | r << 16 | g << 8 | b;
            }
        }
    }

    /** The number of levels (official binding's name). */
    public int getLevelCount() {
        return levelCount();
    }

    /** Level 0's width (official binding's name). */
    public long getLevel0Width() {
        return levelWidth(0);
    }

    /** Level 0's height (official binding's name). */
    public long getLevel0Height() {
        return levelHeight(0);
    }

    /** A level's width (official binding's name). */
    public long getLevelWidth(int level) {
        return levelWidth(level);
    }

    /** A level's height (official binding's name). */
    public long getLevelHeight(int level) {
        return levelHeight(level);
    }

    /** A level's downsample (official binding's name). */
    public double getLevelDownsample(int level) {
        return levelDownsample(level);
    }

    /** OpenSlide's best level for a downsample (official binding's name). */
    public int getBestLevelForDownsample(double downsample) {
        return bestLevelForDownsample(downsample);
    }

    /** Every property of the slide (official binding's name). */
    public Map<String, String> getProperties() {
        return properties();
    }

    /** The associated images by name, read on demand (official binding's name). */
    public Map<String, AssociatedImage> getAssociatedImages() {
        Map<String, AssociatedImage> images = new LinkedHashMap<>();
        associatedImageNames().forEach(name -> images.put(name, new AssociatedImage(name, this)));
        return Collections.unmodifiableMap(images);
    }

    /** A thumbnail whose longer side is at most {@code maxSize} (official binding's name). */
    public BufferedImage createThumbnailImage(int maxSize) {
        return thumbnail(maxSize);
    }

    /** Closes the handle after reads in flight finish; idempotent. */
    @Override
    public void close() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean();
            }
        } finally {
            write.unlock();
        }
    }

    @Override
    public String toString() {
        return "OpenSlide[" + path + "]";
    }
}

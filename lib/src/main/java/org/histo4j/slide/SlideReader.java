package org.histo4j.slide;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.histo4j.data.image.Resize;
import org.histo4j.slide.openslide.OpenSlide;

/**
 * Reads a whole-slide image: a pyramid of levels, level 0 at full resolution, each level a downsampled copy
 * of it, plus a few associated images (label, macro, thumbnail). Every format answers the same questions
 * (sizes, downsamples, calibration, properties) through {@link #metadata()}, and reads pixels through
 * {@link #readRegion}; the rest of histo4j (tissue masks, tiling, bags) sees only this interface.
 * Readers hold native or file resources: open them in try-with-resources.
 *
 * <p>Coordinates: {@code x} and {@code y} are always in level-0 pixels, sizes in pixels of the level read
 * (OpenSlide's convention). Pixels come back as {@link BufferedImage#TYPE_INT_ARGB}, not premultiplied;
 * areas outside the slide are transparent.
 *
 * <p><b>To add a format:</b>
 * <ol>
 *   <li>Implement this interface in a sub-package of {@code org.histo4j.slide} (see
 *       {@link org.histo4j.slide.openslide.OpenSlide} for a complete example).</li>
 *   <li>Open the file in the constructor; throw {@link org.histo4j.Histo4jException} with one line naming
 *       the file when it is missing, not of your format, or unreadable.</li>
 *   <li>Describe the slide once with {@link SlideMetadata#builder()}: {@code setSource}, {@code setVendor},
 *       one {@code addLevel(width, height, downsample)} per level (level 0 first, downsample 1), and
 *       {@code optMpp} / {@code optObjectivePower} only when the file really says so.</li>
 *   <li>Implement {@link #readRegion} (transparent outside the slide, a level past the last gives a
 *       transparent image), {@link #readAssociatedImage} and {@link #close}; everything else has a default
 *       built on them that you may override with a faster native call.</li>
 *   <li>After {@link #close()}, every method must throw {@link IllegalStateException}; if the reader can
 *       be used from several threads, say so in its Javadoc.</li>
 *   <li>Test it against a small real file of the format, asserting sizes and pixels known independently.</li>
 * </ol>
 */
public interface SlideReader extends AutoCloseable {

    /** Opens a slide with the default reader (OpenSlide); fails with one clear line if it cannot. */
    static SlideReader open(Path path) {
        return new OpenSlide(path);
    }

    /** The slide's metadata, read when it was opened. */
    SlideMetadata metadata();

    /**
     * Reads a region as an ARGB image (not premultiplied) of {@code width x height} pixels of {@code level},
     * its top-left corner at ({@code x}, {@code y}) in level-0 pixels. Parts outside the slide are transparent.
     */
    BufferedImage readRegion(long x, long y, int level, int width, int height);

    /** Reads an associated image (one of {@link #associatedImageNames()}) as an ARGB image. */
    BufferedImage readAssociatedImage(String name);

    /** Releases the reader's resources; later calls throw {@link IllegalStateException}. */
    @Override
    void close();

    /** The number of pyramid levels. */
    default int levelCount() {
        return metadata().levelCount();
    }

    /** A level's width in pixels. */
    default long levelWidth(int level) {
        return metadata().level(level).width();
    }

    /** A level's height in pixels. */
    default long levelHeight(int level) {
        return metadata().level(level).height();
    }

    /** How many level-0 pixels one pixel of a level spans. */
    default double levelDownsample(int level) {
        return metadata().level(level).downsample();
    }

    /** Every level's downsample, level 0 first. */
    default double[] levelDownsamples() {
        return metadata().levels().stream().mapToDouble(SlideLevel::downsample).toArray();
    }

    /** The level to read for a wanted downsample (see {@link SlideMetadata#bestLevelForDownsample}). */
    default int bestLevelForDownsample(double downsample) {
        return metadata().bestLevelForDownsample(downsample);
    }

    /** Whether the slide is calibrated in microns per pixel. */
    default boolean hasMicrons() {
        return metadata().hasMicrons();
    }

    /** Microns per level-0 pixel along x, when known. */
    default OptionalDouble mppX() {
        return metadata().mppX();
    }

    /** Microns per level-0 pixel along y, when known. */
    default OptionalDouble mppY() {
        return metadata().mppY();
    }

    /** The scanning objective's magnification, when known. */
    default OptionalDouble objectivePower() {
        return metadata().objectivePower();
    }

    /** The format or scanner vendor. */
    default String vendor() {
        return metadata().vendor();
    }

    /** Every property of the slide as text. */
    default Map<String, String> properties() {
        return metadata().properties();
    }

    /** The names of the associated images. */
    default List<String> associatedImageNames() {
        return metadata().associatedImageNames();
    }

    /**
     * A thumbnail of the whole slide whose longer side is {@code maxSize} pixels (or the level-0 size if
     * smaller): the level for the downsample {@code max(w0, h0) / maxSize} is read whole and resized, so a
     * slide needs a pyramid level near that downsample (a single huge level is refused as too large an image).
     */
    default BufferedImage thumbnail(int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("thumbnail size must be positive, got " + maxSize);
        }
        SlideMetadata meta = metadata();
        SlideLevel base = meta.level(0);
        double downsample = Math.max(1, Math.max(base.width(), base.height()) / (double) maxSize);
        int level = meta.bestLevelForDownsample(downsample);
        SlideLevel read = meta.level(level);
        BufferedImage image = readRegion(0, 0, level, Math.toIntExact(read.width()), Math.toIntExact(read.height()));
        int width = (int) Math.max(1, Math.round(base.width() / downsample));
        int height = (int) Math.max(1, Math.round(base.height() / downsample));
        return Resize.resize(image, width, height);
    }
}

package org.histo4j.slide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a slide says about itself, read once when it is opened: pyramid levels, calibration, vendor, the raw
 * properties and the names of its associated images (label, macro, thumbnail...). Immutable.
 *
 * <p>Microns per pixel are optional: many slides (frozen sections, scans exported without calibration) do
 * not carry them; ask {@link #hasMicrons()} rather than testing for a magic value.
 *
 * @param source where the slide came from (a file path), for messages
 * @param vendor the format or scanner vendor as the reader names it (e.g. {@code aperio}, {@code generic-tiff})
 * @param levels the pyramid levels, level 0 first (the full resolution)
 * @param mppX microns per level-0 pixel along x, when the slide is calibrated
 * @param mppY microns per level-0 pixel along y, when the slide is calibrated
 * @param objectivePower the scanning objective's magnification (e.g. 20 or 40), when known
 * @param properties every property of the slide as text, in the reader's order
 * @param associatedImageNames the names of the associated images, readable with
 *     {@link SlideReader#readAssociatedImage(String)}
 */
public record SlideMetadata(String source, String vendor, List<SlideLevel> levels, OptionalDouble mppX,
        OptionalDouble mppY, OptionalDouble objectivePower, Map<String, String> properties,
        List<String> associatedImageNames) {

    /** Validates and copies the metadata: at least one level, positive calibration values. */
    public SlideMetadata {
        if (source == null || vendor == null || levels == null || mppX == null || mppY == null
                || objectivePower == null || properties == null || associatedImageNames == null) {
            throw new IllegalArgumentException("slide metadata fields must not be null (use empty values)");
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a slide needs at least one level: " + source);
        }
        if (mppX.isPresent() != mppY.isPresent()) {
            throw new IllegalArgumentException("mppX and mppY must be both present or both absent: " + source);
        }
        requirePositive("mppX", mppX);
        requirePositive("mppY", mppY);
        requirePositive("objectivePower", objectivePower);
        levels = List.copyOf(levels);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        associatedImageNames = List.copyOf(associatedImageNames);
    }

    private static void requirePositive(String name, OptionalDouble value) {
        if (value.isPresent() && !(value.getAsDouble() > 0 && Double.isFinite(value.getAsDouble()))) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value.getAsDouble());
        }
    }

    /** Starts a builder; {@code setSource}, {@code setVendor} and at least one {@code addLevel} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of pyramid levels. */
    public int levelCount() {
        return levels.size();
    }

    /** One pyramid level, 0 being the full resolution. */
    public SlideLevel level(int level) {
        if (level < 0 || level >= levels.size()) {
            throw new IllegalArgumentException("level " + level + " out of range 0.." + (levels.size() - 1)
                    + " for " + source);
        }
        return levels.get(level);
    }

    /** Whether the slide is calibrated (microns per pixel known). */
    public boolean hasMicrons() {
        return mppX.isPresent();
    }

    /** The mean of {@link #mppX} and {@link #mppY}, when the slide is calibrated. */
    public OptionalDouble mpp() {
        return hasMicrons() ? OptionalDouble.of((mppX.getAsDouble() + mppY.getAsDouble()) / 2) : OptionalDouble.empty();
    }

    /** A property's value, if the slide has it. */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /**
     * The level to read for a wanted downsample: the most downsampled level whose downsample does not exceed
     * it, level 0 when the wanted downsample is below every level's (OpenSlide's rule).
     */
    public int bestLevelForDownsample(double downsample) {
        for (int i = 1; i < levels.size(); i++) {
            if (downsample < levels.get(i).downsample()) {
                return i - 1;
            }
        }
        return levels.size() - 1;
    }

    /** Builds {@link SlideMetadata}; readers of new formats use it to describe their slides. */
    public static final class Builder {
        private String source;
        private String vendor;
        private final List<SlideLevel> levels = new ArrayList<>();
        private OptionalDouble mppX = OptionalDouble.empty();
        private OptionalDouble mppY = OptionalDouble.empty();
        private OptionalDouble objectivePower = OptionalDouble.empty();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> associatedImageNames = new ArrayList<>();

        private Builder() {}

        /** Sets where the slide came from (required). */
        public Builder setSource(String source) {
            this.source = source;
            return this;
        }

        /** Sets the vendor or format name (required). */
        public Builder setVendor(String vendor) {
            this.vendor = vendor;
            return this;
        }

        /** Adds the next pyramid level (level 0 first; at least one required). */
        public Builder addLevel(long width, long height, double downsample) {
            levels.add(new SlideLevel(width, height, downsample));
            return this;
        }

        /** Sets the calibration in microns per level-0 pixel. */
        public Builder optMpp(double mppX, double mppY) {
            this.mppX = OptionalDouble.of(mppX);
            this.mppY = OptionalDouble.of(mppY);
            return this;
        }

        /** Sets the scanning objective's magnification. */
        public Builder optObjectivePower(double objectivePower) {
            this.objectivePower = OptionalDouble.of(objectivePower);
            return this;
        }

        /** Adds one raw property. */
        public Builder addProperty(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Adds the name of one associated image. */
        public Builder addAssociatedImage(String name) {
            associatedImageNames.add(name);
            return this;
        }

        /** Validates and builds the metadata, naming a missing required field. */
        public SlideMetadata build() {
            if (source == null) {
                throw new IllegalArgumentException("SlideMetadata.builder(): setSource is required");
            }
            if (vendor == null) {
                throw new IllegalArgumentException("SlideMetadata.builder(): setVendor is required (" + source + ")");
            }
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("SlideMetadata.builder(): addLevel is required (" + source + ")");
            }
            return new SlideMetadata(source, vendor, levels, mppX, mppY, objectivePower, properties,
                    associatedImageNames);
        }
    }
}

package org.histo4j.slide.encode;

import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.histo4j.Histo4jException;
import org.histo4j.WriteLock;
import org.histo4j.data.Csv;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.Precision;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.annotation.Annotation;
import org.histo4j.slide.annotation.AnnotationTiling;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.FeatureExtractor;
import org.histo4j.transfer.FeatureSet;
import org.histo4j.transfer.InputStamps;

/**
 * Encodes whole slides into bags: tissue mask, a {@link TileGrid} at a physical size, the tiles read in parallel
 * and encoded by transfer's {@link FeatureExtractor} (the tiles wrapped as a {@link SlideTileSource}, each taking the
 * encoder's own image path, {@link org.histo4j.data.image.ImagePipeline}), and one
 * {@link BagFile} per slide whose provenance records the encoder, its weights hash, the stain normaliser
 * ({@link SlideStain}; fitted per slide with {@link Builder#optSlideStain}), the tile size and the mpp. A
 * slide whose bag is already there with the same provenance is skipped, so an interrupted cohort resumes. The bag's
 * coordinates and tile size also give the compressed slide of Neural Image Compression
 * ({@code GridBatch.withStride(tileSize).grid(bag)}).
 *
 * <pre>{@code
 * SlideEncoder encoder = SlideEncoder.builder().setEncoder(nic).setTileSize(64).setMpp(0.5).build();
 * List<EncodedSlide> done = encoder.encodeCohort(SlideCohort.read(cohortCsv), bagsDir, SlideEncoder.Listener.NONE);
 * List<Bag> bags = BagCohort.read(bagsDir);
 * }</pre>
 */
public final class SlideEncoder {

    /** The bags manifest written beside the bags. */
    public static final String BAGS_MANIFEST = "bags.csv";

    /** Hears about encoding progress; every method has a no-op default. */
    public interface Listener {

        /** A listener that does nothing. */
        Listener NONE = new Listener() {};

        /** A slide's grid is laid out: {@code tiles} tiles, or a fresh bag was found ({@code skipped}). */
        default void slideStarted(SlideEntry slide, int tiles, boolean skipped) {}

        /** {@code done} tiles of the current slide are encoded. */
        default void tilesEncoded(SlideEntry slide, int done) {}

        /** A slide is finished. */
        default void slideFinished(EncodedSlide result) {}
    }

    private final Encoder encoder;
    private final int batchSize;
    private final int threads;
    private final Devices devices;
    private final Precision precision;
    private final SlideStain stain;
    private final int tileSize;
    private final double mpp;
    private final OptionalDouble slideMpp;
    private final double minTissue;
    private final double tolerance;
    private final TissueDetector detector;
    private final List<Annotation> annotations;

    private SlideEncoder(Builder b) {
        this.encoder = b.encoder;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.devices = b.devices;
        this.precision = b.precision;
        this.stain = b.stain;
        extractor(SlideStain.NONE.fit(null, null)); // checks the extractor's settings now, not at the first slide
        this.tileSize = b.tileSize;
        this.mpp = b.mpp;
        this.slideMpp = b.slideMpp;
        this.minTissue = b.minTissue;
        this.tolerance = b.tolerance;
        this.detector = b.detector;
        this.annotations = b.annotations;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The encoder's name. */
    public String encoderName() {
        return encoder.name();
    }

    /** The tile grid of an open slide: tissue found on its thumbnail, tiles with at least the minimum tissue. */
    public TileGrid grid(SlideReader slide) {
        return grid(slide, detector.detect(slide));
    }

    private FeatureExtractor extractor(StainNormalizer normalizer) {
        return FeatureExtractor.builder().setEncoder(encoder).optBatchSize(batchSize)
                .optThreads(threads).optStainNormalizer(normalizer).optDevices(devices).optPrecision(precision)
                .build();
    }

    private TileGrid grid(SlideReader slide, TissueMask mask) {
        TileGrid.Builder builder = TileGrid.builder().setSlide(slide.metadata()).setTileSize(tileSize).setMpp(mpp)
                .optTolerance(tolerance).optTissueMask(mask).optMinTissue(minTissue);
        slideMpp.ifPresent(builder::optSlideMpp);
        return builder.build();
    }

    /**
     * Encodes one slide into {@code bagFile}, or skips it when that file is a fresh bag of the same provenance; the
     * bag's folder is locked meanwhile ({@link WriteLock}).
     */
    public EncodedSlide encode(SlideEntry entry, Path bagFile, Listener listener) {
        try (WriteLock lock = lockFolder(bagFile.toAbsolutePath().getParent())) {
            return encodeInLockedFolder(entry, bagFile, listener);
        }
    }

    private static WriteLock lockFolder(Path bagsDir) {
        return WriteLock.onFolder(bagsDir, "bag folder " + bagsDir);
    }

    /**
     * Encodes one slide like {@link #encode}, for a caller that holds the bag folder's lock itself: a cluster
     * driver holds it while its executors, in its own process or others, write the bags (each bag is written
     * atomically, under a temporary name renamed when complete).
     */
    public EncodedSlide encodeInLockedFolder(SlideEntry entry, Path bagFile, Listener listener) {
        long start = System.nanoTime();
        try (SlideReader slide = SlideReader.open(entry.path())) {
            BufferedImage thumbnail = slide.thumbnail(detector.thumbnailSize());
            TissueMask mask = detector.detect(thumbnail, slide.levelWidth(0), slide.levelHeight(0));
            TileGrid grid = grid(slide, mask);
            List<Tile> tiles = annotations.isEmpty() ? grid.tiles()
                    : AnnotationTiling.inside(grid.tiles(), annotations);
            if (tiles.isEmpty()) {
                throw new Histo4jException("slide " + entry.path() + " has no tile with at least " + minTissue
                        + " tissue at " + tileSize + " px and " + mpp + " um/px"
                        + (annotations.isEmpty() ? "" : " inside its " + annotations.size() + " annotations"));
            }
            SlideStain.Fitted fitted = stain.fit(thumbnail, mask); // once per slide, never per tile
            FeatureExtractor extractor = extractor(fitted);
            try (SlideTileSource source = new SlideTileSource(entry, slide, tiles)) {
                CacheProvenance provenance = provenance(extractor, source, grid,
                        InputStamps.stamp(entry.path(), false), fitted);
                if (BagFile.isFresh(bagFile, provenance) && fitted.isSavedBeside(bagFile)) {
                    listener.slideStarted(entry, tiles.size(), true);
                    return finish(listener, new EncodedSlide(entry, bagFile, tiles.size(), grid.stride(),
                            true, seconds(start)));
                }
                listener.slideStarted(entry, tiles.size(), false);
                FeatureSet features = extractor.extract(source, done -> listener.tilesEncoded(entry, done));
                Bag bag = new Bag(entry.slideId(), entry.group(), entry.label(), features.features(),
                        coordinates(tiles));
                fitted.saveBeside(bagFile);
                BagFile.write(bagFile, bag, Math.toIntExact(grid.stride()), provenance);
                return finish(listener, new EncodedSlide(entry, bagFile, bag.size(), grid.stride(), false,
                        seconds(start)));
            }
        }
    }

    /**
     * Encodes every slide into {@code bagsDir/<slideId>.h5} (skipping fresh bags) and writes the manifest
     * {@code bagsDir/bags.csv} ({@code slide,bag,label,group,tiles,tile_size,slide_path}); the folder is locked
     * meanwhile, so a second process encoding into it stops with one line naming this one.
     */
    public List<EncodedSlide> encodeCohort(List<SlideEntry> slides, Path bagsDir, Listener listener) {
        try (WriteLock lock = lockFolder(bagsDir)) {
            List<EncodedSlide> results = new ArrayList<>();
            for (SlideEntry slide : slides) {
                results.add(encodeInLockedFolder(slide, bagsDir.resolve(slide.slideId() + ".h5"), listener));
            }
            writeManifest(bagsDir, results);
            return results;
        }
    }

    /**
     * The provenance a bag of these tiles records: the extractor's (encoder, weights hash, input list), with the
     * slide file's size and modification time ({@link InputStamps#stamp}, so a slide rewritten in place makes its
     * bag stale), the tile description and the mpp.
     */
    private CacheProvenance provenance(FeatureExtractor extractor, SlideTileSource source, TileGrid grid,
            String slideStamp, SlideStain.Fitted stain) {
        String description = String.format(Locale.ROOT, "slide %s (%s): tiles %d px at %s um/px (level-0"
                + " stride %d), min tissue %s%s%s", source.name(), slideStamp, tileSize, mpp, grid.stride(), minTissue,
                annotations.isEmpty() ? "" : ", inside annotations " + annotationStamp(),
                stain.fitted() == null ? "" : ", stain fitted on the slide " + stain.fitted().identity());
        CacheProvenance p = extractor.provenance(source, description);
        return new CacheProvenance(p.encoder(), p.weightsHash(), p.truncation(), p.inputSize(), p.normalisation(),
                mpp, p.source(), p.inputListHash());
    }


    /** A stable digest of the annotations' classes and vertices (records of double[] hash by identity). */
    private String annotationStamp() {
        long hash = annotations.size();
        for (Annotation a : annotations) {
            hash = 31 * hash + a.classification().hashCode();
            for (var polygon : a.polygons()) {
                for (double[] point : polygon.exterior()) {
                    hash = 31 * hash + java.util.Arrays.hashCode(point);
                }
                for (List<double[]> hole : polygon.holes()) {
                    for (double[] point : hole) {
                        hash = 17 * hash + java.util.Arrays.hashCode(point);
                    }
                }
            }
        }
        return Long.toHexString(hash);
    }

    private static int[][] coordinates(List<Tile> tiles) {
        return tiles.stream().map(t -> new int[] {Math.toIntExact(t.x()), Math.toIntExact(t.y())})
                .toArray(int[][]::new);
    }

    private static EncodedSlide finish(Listener listener, EncodedSlide result) {
        listener.slideFinished(result);
        return result;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Writes the manifest {@code bagsDir/bags.csv} of encoded slides, in the given order (what {@link #encodeCohort}
     * writes; public for runners that encode the slides elsewhere, e.g. on a cluster).
     */
    public static void writeManifest(Path bagsDir, List<EncodedSlide> results) {
        List<List<Object>> rows = results.stream().map(r -> List.<Object>of(r.entry().slideId(),
                bagsDir.toAbsolutePath().relativize(r.bagFile().toAbsolutePath()), r.entry().label(),
                r.entry().group(), r.tiles(), r.tileSize(), r.entry().path().toAbsolutePath())).toList();
        try {
            Csv.write(bagsDir.resolve(BAGS_MANIFEST), List.of("slide", "bag", "label", "group", "tiles", "tile_size",
                    "slide_path"), rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bagsDir.resolve(BAGS_MANIFEST), e);
        }
    }

    /** Configures a {@link SlideEncoder}. */
    public static final class Builder {
        private Encoder encoder;
        private int tileSize;
        private double mpp;
        private OptionalDouble slideMpp = OptionalDouble.empty();
        private double minTissue = 0.5;
        private double tolerance = 0.02;
        private TissueDetector detector = TissueDetector.create();
        private int batchSize = 64;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private SlideStain stain = SlideStain.NONE;
        private Devices devices;
        private Precision precision = Precision.FP32;
        private List<Annotation> annotations = List.of();

        private Builder() {}

        /**
         * Keeps only the tiles whose centres fall inside these annotations ({@link AnnotationTiling#inside}; default
         * none: every tissue tile); bags record the restriction, so other annotations make a bag stale.
         */
        public Builder optAnnotations(List<Annotation> annotations) {
            this.annotations = List.copyOf(annotations);
            return this;
        }

        /** The device tiles are encoded on (default: where the encoder's parameters are). */
        public Builder optDevice(Device device) {
            this.devices = device == null ? null : new Devices(List.of(device));
            return this;
        }

        /** The devices batches of tiles go to, round-robin (default: where the encoder's parameters are). */
        public Builder optDevices(Devices devices) {
            this.devices = devices;
            return this;
        }

        /** The precision tiles are encoded in (default fp32); recorded in each bag's provenance. */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** The tile encoder, initialised or loaded with weights (required). */
        public Builder setEncoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** The tile side in pixels at {@link #setMpp} (required), e.g. 256; the encoder resizes to its input. */
        public Builder setTileSize(int tileSize) {
            this.tileSize = tileSize;
            return this;
        }

        /** The microns per pixel of the tiles (required), e.g. 0.5. */
        public Builder setMpp(double mpp) {
            this.mpp = mpp;
            return this;
        }

        /** The slides' level-0 mpp, for slides whose metadata lacks it. */
        public Builder optSlideMpp(double slideMpp) {
            this.slideMpp = OptionalDouble.of(slideMpp);
            return this;
        }

        /** The least tissue fraction of a tile kept (default 0.5). */
        public Builder optMinTissue(double minTissue) {
            this.minTissue = minTissue;
            return this;
        }

        /** The relative tolerance on pyramid downsamples (default 0.02). */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** The tissue detector (default settings otherwise). */
        public Builder optTissueDetector(TissueDetector detector) {
            this.detector = detector;
            return this;
        }

        /** Tiles per forward pass (default 64). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Threads reading tiles (default: the number of cores). */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The stain normaliser applied to each tile before resizing (default none); bags record its identity. */
        public Builder optStainNormalizer(StainNormalizer stain) {
            this.stain = SlideStain.of(stain);
            return this;
        }

        /**
         * How each slide's tiles are stain-normalised, e.g. {@link SlideStain#macenkoPerSlide} (default none; the
         * last of this and {@link #optStainNormalizer} wins); bags record it.
         */
        public Builder optSlideStain(SlideStain stain) {
            if (stain == null) {
                throw new IllegalArgumentException("optSlideStain: a SlideStain is required (SlideStain.NONE for"
                        + " none)");
            }
            this.stain = stain;
            return this;
        }

        /** Validates and builds. */
        public SlideEncoder build() {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder: setEncoder(...) is required");
            }
            if (tileSize <= 0) {
                throw new IllegalArgumentException("tileSize: setTileSize(...) must be positive, got " + tileSize);
            }
            if (!(mpp > 0) || Double.isInfinite(mpp)) {
                throw new IllegalArgumentException("mpp: setMpp(...) must be positive, got " + mpp);
            }
            if (!(minTissue >= 0 && minTissue <= 1)) {
                throw new IllegalArgumentException("minTissue must be in [0, 1], got " + minTissue);
            }
            return new SlideEncoder(this);
        }
    }
}

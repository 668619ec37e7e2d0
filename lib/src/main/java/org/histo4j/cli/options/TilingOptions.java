package org.histo4j.cli.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.annotation.Annotation;
import org.histo4j.slide.annotation.QuPathGeoJson;
import org.histo4j.slide.encode.SlideEncoder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How whole slides are cut into tiles, the same for {@code slide tile} and {@code slide encode}: {@code --tile-size},
 * {@code --mpp}, {@code --slide-mpp}, {@code --min-tissue}, {@code --tolerance}, {@code --remove-pen-marks} and
 * {@code --threads} (reading threads) and {@code --annotations} (QuPath GeoJSON: tile only inside them).
 */
public final class TilingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--tile-size", paramLabel = "PX", defaultValue = "256",
            description = "tile side in pixels at --mpp (default: ${DEFAULT-VALUE})")
    int tileSize;

    @Option(names = "--mpp", paramLabel = "UM", defaultValue = "0.5",
            description = "microns per pixel of the tiles (default: ${DEFAULT-VALUE})")
    double mpp;

    @Option(names = "--slide-mpp", paramLabel = "UM",
            description = "the slides' microns per level-0 pixel, if their metadata lacks it")
    Double slideMpp;

    @Option(names = "--min-tissue", paramLabel = "F", defaultValue = "0.5",
            description = "least tissue fraction of a tile kept, in [0, 1] (default: ${DEFAULT-VALUE})")
    double minTissue;

    @Option(names = "--tolerance", paramLabel = "F", defaultValue = "0.02",
            description = "relative tolerance on level downsamples, in [0, 1) (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--remove-pen-marks", description = "do not count pen marks as tissue")
    boolean removePenMarks;

    @Option(names = "--threads", paramLabel = "N", description = "reading threads (default: available processors)")
    Integer threads;

    @Option(names = "--annotations", paramLabel = "FILE.geojson",
            description = "tile only inside these QuPath annotations (Polygon or MultiPolygon, level-0 pixels, holes"
                    + " excluded): a tile is kept when its centre falls inside")
    Path annotationsFile;

    private List<Annotation> annotations;

    /** Whether {@code --annotations} was given (without reading the file). */
    public boolean hasAnnotations() {
        return annotationsFile != null;
    }

    /**
     * The annotations of {@code --annotations}, read and validated once (a bad polygon is one error naming the
     * file and feature index); empty without the option.
     */
    public List<Annotation> annotations() {
        if (annotations == null) {
            annotations = annotationsFile == null ? List.of() : QuPathGeoJson.readAnnotations(annotationsFile);
        }
        return annotations;
    }

    /** Checks every value, naming the option; call before creating any file. */
    public void validate() {
        OptionChecks.of(mixee).atLeast("--tile-size", tileSize, 1).positive("--mpp", mpp)
                .positive("--slide-mpp", slideMpp).fraction("--min-tissue", minTissue, true)
                .fraction("--tolerance", tolerance, false).atLeast("--threads", threads, 1);
    }

    /** Refuses a slide without microns per pixel in its metadata when {@code --slide-mpp} is not given. */
    public void checkCalibration(Path slide) {
        if (slideMpp != null) {
            return;
        }
        try (SlideReader reader = SlideReader.open(slide)) {
            if (!reader.metadata().hasMicrons()) {
                throw new Histo4jException("slide " + slide + " has no microns per pixel in its metadata; give --slide-mpp");
            }
        }
    }

    /** The resolved values, as a run's config.json records them. */
    public Map<String, Object> describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tile_size", tileSize);
        values.put("mpp", mpp);
        values.put("slide_mpp", slideMpp);
        values.put("min_tissue", minTissue);
        values.put("tolerance", tolerance);
        values.put("remove_pen_marks", removePenMarks);
        values.put("threads", threads());
        values.put("annotations", annotationsFile == null ? null : annotationsFile.toAbsolutePath().toString());
        return values;
    }

    /** The tissue detector these options ask for. */
    public TissueDetector detector() {
        return TissueDetector.builder().optRemovePenMarks(removePenMarks).build();
    }

    /** Reading threads. */
    public int threads() {
        return threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** A tile grid builder with these options (the caller sets the slide and the tissue mask). */
    public TileGrid.Builder grid() {
        TileGrid.Builder builder = TileGrid.builder().setTileSize(tileSize).setMpp(mpp).optTolerance(tolerance)
                .optMinTissue(minTissue);
        if (slideMpp != null) {
            builder.optSlideMpp(slideMpp);
        }
        return builder;
    }

    /** A slide encoder builder with these options (the caller sets the encoder). */
    public SlideEncoder.Builder encoder() {
        SlideEncoder.Builder builder = SlideEncoder.builder().setTileSize(tileSize).setMpp(mpp).optMinTissue(minTissue)
                .optTolerance(tolerance).optTissueDetector(detector()).optThreads(threads())
                .optAnnotations(annotations());
        if (slideMpp != null) {
            builder.optSlideMpp(slideMpp);
        }
        return builder;
    }
}

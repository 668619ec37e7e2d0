package org.histo4j.cli.slide;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.annotation.QuPathGeoJson;
import org.histo4j.slide.annotation.TileFeature;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.heatmap.Heatmap;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.slide.study.SlideHeatmaps;
import org.histo4j.slide.study.SlideModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slide heatmap SLIDE --bags DIR --model MODEL_DIR --out PNG}: attention over the thumbnail. */
@Command(name = "heatmap", mixinStandardHelpOptions = true,
        description = "Draw a trained model's tile weights over a slide thumbnail (tissue outline, colour bar) and a"
                + " top-k tile gallery.")
final class SlideHeatmapCommand implements Callable<Integer>, EngineCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SLIDE", description = "the slide file")
    Path slide;

    @Option(names = "--bags", required = true, paramLabel = "DIR", description = "the bags folder holding this slide's bag")
    Path bags;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model folder written by 'slide train'")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "PNG",
            description = "the heatmap PNG (the gallery goes beside it as NAME-topk.png)")
    Path out;

    @Option(names = "--top-k", defaultValue = "8", description = "tiles in the gallery (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--thumbnail", defaultValue = "1024",
            description = "longest side of the thumbnail (default: ${DEFAULT-VALUE})")
    int thumbnail;

    @Option(names = "--scale", defaultValue = "linear", paramLabel = "SCALE",
            description = "how weights become colours: linear (min to max), log (5th percentile to max, both in the"
                    + " legend) or rank (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--geojson", paramLabel = "FILE",
            description = "also write the slide's tiles as QuPath GeoJSON (level-0 pixels, objectType tile, the"
                    + " predicted class, attention and score measurements)")
    Path geojson;

    @Mixin
    DeviceOptions deviceOptions;

    private static final Map<String, Heatmap.Scaling> SCALES = Map.of("linear", Heatmap.Scaling.MIN_MAX, "log",
            Heatmap.Scaling.LOG, "rank", Heatmap.Scaling.RANK);
    private static final List<String> CLASSES = List.of("negative", "positive");
    private static final int[] CLASS_COLOURS = {0x3B528B, 0xFDE725};

    /** Writes the heatmap and the gallery. */
    @Override
    public Integer call() {
        Heatmap.Scaling scaling = SCALES.get(scale.toLowerCase(Locale.ROOT));
        OptionChecks.of(spec).atLeast("--top-k", topK, 1).atLeast("--thumbnail", thumbnail, 16)
                .check(scaling != null, "--scale must be linear, log or rank, got '" + scale + "'");
        Device device = deviceOptions.devices().first();
        if (!Files.isRegularFile(slide)) {
            throw new Histo4jException("slide not found: " + slide);
        }
        BagCohort.Entry entry = SlideBags.find(bags, slide);
        SlideModelFile description = SlideBags.compatibleModel(model, entry);
        Bag bag = BagFile.read(entry.bagFile());
        TissueMask lesions = BagCohort.cohortManifest(bags).map(SlideCohort::lesionMasks)
                .map(masks -> masks.get(entry.slideId())).orElse(null);
        int tileSize = BagFile.tileSize(entry.bagFile());
        try (TrainedSlideModel trained = SlideModelFile.load(model, device)) {
            SlideHeatmaps.Written written = SlideHeatmaps.write(slide, bag, tileSize, trained, out, topK, thumbnail,
                    new SlideHeatmaps.Style(scaling, lesions));
            if (geojson != null) {
                QuPathGeoJson.writeTiles(geojson, TileFeature.of(bag, written.prediction(), tileSize, CLASSES,
                        CLASS_COLOURS));
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: P(positive) = %.3f (%s); wrote %s and %s%s%s%n",
                    entry.slideId(), written.positiveScore(), description.model().label(), written.heatmap(),
                    written.gallery(), geojson == null ? "" : " and " + geojson,
                    lesions == null ? "" : " (true lesions outlined in magenta)");
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}

package org.histo4j.cli;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.slide.openslide.SlideBenchmark;
import org.histo4j.slide.study.SlideCrossValidation;
import org.histo4j.slide.study.SlideHeatmaps;
import org.histo4j.slide.study.SlideModel;
import org.histo4j.slide.study.SlideModelFile;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SlideLayout;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.transfer.CacheProvenance;
import picocli.CommandLine.Mixin;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideLevel;
import org.histo4j.slide.SlideMetadata;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j slide}: look into whole slides, cut them into tiles, make synthetic cohorts, encode slides into
 * bags, cross-validate slide classifiers, draw their attention, and benchmark slide reading.
 */
@Command(name = "slide", mixinStandardHelpOptions = true,
        description = "Whole slides: metadata, tiles, synthetic cohorts, bags, slide classifiers, heatmaps, speed.",
        subcommands = {SlideCommand.Info.class, SlideCommand.Tiles.class, SlideCommand.Cohort.class,
            SlideCommand.Encode.class, SlideCommand.Train.class, SlideCommand.HeatmapCommand.class,
            SlideCommand.Bench.class})
public final class SlideCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: info, tile, cohort, encode, train, heatmap or bench");
    }

    /** {@code slide info FILE [--json]}: levels, calibration, vendor, associated images, properties. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a slide's metadata.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
        Path file;

        @Option(names = "--json", description = "print JSON (with every property)")
        boolean json;

        @Option(names = "--properties", description = "also list every property (text output)")
        boolean properties;

        /** Prints the metadata. */
        @Override
        public Integer call() throws IOException {
            SlideMetadata meta;
            try (SlideReader slide = SlideReader.open(file)) {
                meta = slide.metadata();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(meta)));
            } else {
                printText(meta, out);
            }
            out.flush();
            return 0;
        }

        private static ObjectNode toJson(SlideMetadata meta) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("file", meta.source());
            root.put("vendor", meta.vendor());
            ArrayNode levels = root.putArray("levels");
            for (SlideLevel level : meta.levels()) {
                levels.addObject().put("width", level.width()).put("height", level.height())
                        .put("downsample", level.downsample());
            }
            putOptional(root, "mppX", meta.mppX());
            putOptional(root, "mppY", meta.mppY());
            putOptional(root, "objectivePower", meta.objectivePower());
            ArrayNode associated = root.putArray("associatedImages");
            meta.associatedImageNames().forEach(associated::add);
            ObjectNode props = root.putObject("properties");
            meta.properties().forEach(props::put);
            return root;
        }

        private static void putOptional(ObjectNode node, String name, OptionalDouble value) {
            if (value.isPresent()) {
                node.put(name, value.getAsDouble());
            } else {
                node.putNull(name);
            }
        }

        private void printText(SlideMetadata meta, PrintWriter out) {
            out.println("file: " + meta.source());
            out.println("vendor: " + meta.vendor());
            out.println("levels: " + meta.levelCount());
            for (int i = 0; i < meta.levelCount(); i++) {
                SlideLevel level = meta.level(i);
                out.printf(Locale.ROOT, "  %d: %d x %d, downsample %.4f%n", i, level.width(), level.height(),
                        level.downsample());
            }
            out.println("microns per pixel: " + (meta.hasMicrons()
                    ? String.format(Locale.ROOT, "%s x %s", meta.mppX().getAsDouble(), meta.mppY().getAsDouble())
                    : "unknown"));
            out.println("objective power: " + (meta.objectivePower().isPresent()
                    ? meta.objectivePower().getAsDouble() + "x" : "unknown"));
            out.println("associated images: " + String.join(", ", meta.associatedImageNames()));
            if (properties) {
                meta.properties().forEach((name, value) -> out.println("  " + name + " = " + value));
            }
        }
    }

    /** {@code slide tile FILE --tile-size 256 --mpp 0.5 --out DIR}: tile PNGs and a tiles.csv. */
    @Command(name = "tile", mixinStandardHelpOptions = true,
            description = "Cut a slide into tiles at a physical size: PNGs named x<X>_y<Y>.png, tiles.csv and tissue.png.")
    static final class Tiles implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
        Path file;

        @Option(names = "--tile-size", defaultValue = "256", description = "tile side in pixels (default ${DEFAULT-VALUE})")
        int tileSize;

        @Option(names = "--mpp", required = true, description = "microns per pixel of the tiles, e.g. 0.5")
        double mpp;

        @Option(names = "--slide-mpp", description = "the slide's microns per level-0 pixel, if its metadata lacks it")
        Double slideMpp;

        @Option(names = "--min-tissue", defaultValue = "0.5", description = "least tissue fraction of a tile kept (default ${DEFAULT-VALUE})")
        double minTissue;

        @Option(names = "--tolerance", defaultValue = "0.02", description = "relative tolerance on level downsamples (default ${DEFAULT-VALUE})")
        double tolerance;

        @Option(names = "--remove-pen-marks", description = "do not count pen marks as tissue")
        boolean removePenMarks;

        @Option(names = "--threads", description = "reading threads (default: available processors)")
        Integer threads;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @Option(names = "--overwrite", description = "write into a folder that already holds tiles.csv")
        boolean overwrite;

        /** Writes the tiles, their table and the tissue mask. */
        @Override
        public Integer call() throws IOException {
            if (Files.exists(out.resolve("tiles.csv")) && !overwrite) {
                throw new Histo4jException(out + " already holds tiles.csv; choose another --out or pass --overwrite");
            }
            try (SlideReader slide = SlideReader.open(file)) {
                TissueMask mask = TissueDetector.builder().optRemovePenMarks(removePenMarks).build().detect(slide);
                TileGrid grid = grid(slide.metadata(), mask);
                Files.createDirectories(out);
                ImageIO.write(mask.toImage(), "png", out.resolve("tissue.png").toFile());
                write(slide, grid);
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "wrote %d of %d x %d tiles (%d px at %s um/px, read %d px at level %d) to %s%n",
                        grid.tiles().size(), grid.columns(), grid.rows(), grid.tileSize(), grid.mpp(),
                        grid.readSize(), grid.level(), out);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private TileGrid grid(SlideMetadata meta, TissueMask mask) {
            TileGrid.Builder builder = TileGrid.builder().setSlide(meta).setTileSize(tileSize).setMpp(mpp)
                    .optTolerance(tolerance).optTissueMask(mask).optMinTissue(minTissue);
            if (slideMpp != null) {
                builder.optSlideMpp(slideMpp);
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private void write(SlideReader slide, TileGrid grid) throws IOException {
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            try (Writer csv = Files.newBufferedWriter(out.resolve("tiles.csv"));
                    TileReader reader = new TileReader(slide, Math.max(1, n));
                    ProgressBar progress = new ProgressBar("tiles", grid.tiles().size())) {
                csv.write("file,column,row,x,y,level,read_size,output_size,level0_size,tissue_fraction\n");
                reader.forEachOrdered(grid.tiles(), (tile, image) -> {
                    String name = "x" + tile.x() + "_y" + tile.y() + ".png";
                    ImageIO.write(image, "png", out.resolve(name).toFile());
                    csv.write(row(name, tile));
                    progress.step();
                });
            }
        }

        private static String row(String name, Tile tile) {
            return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%d,%.4f%n", name, tile.column(), tile.row(),
                    tile.x(), tile.y(), tile.level(), tile.readSize(), tile.outputSize(), tile.level0Size(),
                    tile.tissueFraction());
        }
    }

    /** {@code slide cohort --slides N --lesion-fraction F --out DIR}: a labelled synthetic cohort. */
    @Command(name = "cohort", mixinStandardHelpOptions = true,
            description = "Write a synthetic cohort: pyramidal H&E-like slides, half with lesions, and cohort.csv.")
    static final class Cohort implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--slides", defaultValue = "20", description = "number of slides, half positive (default ${DEFAULT-VALUE})")
        int slides;

        @Option(names = "--lesion-fraction", defaultValue = "0.05", description = "lesion area / tissue area on positive slides (default ${DEFAULT-VALUE})")
        double lesionFraction;

        @Option(names = "--lesion-radius", defaultValue = "160", description = "typical lesion radius in level-0 pixels (default ${DEFAULT-VALUE})")
        int lesionRadius;

        @Option(names = "--width", defaultValue = "6144", description = "level-0 width in pixels (default ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--height", defaultValue = "4096", description = "level-0 height in pixels (default ${DEFAULT-VALUE})")
        int height;

        @Option(names = "--islands", defaultValue = "3", description = "tissue islands per slide (default ${DEFAULT-VALUE})")
        int islands;

        @Option(names = "--mpp", defaultValue = "0.5", description = "microns per level-0 pixel (default ${DEFAULT-VALUE})")
        double mpp;

        @Option(names = "--seed", defaultValue = "1", description = "seed of layouts and painting (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, description = "output folder (slides/ and cohort.csv; resumes)")
        Path out;

        /** Writes the cohort. */
        @Override
        public Integer call() throws IOException {
            SyntheticCohort cohort;
            try {
                cohort = SyntheticCohort.builder().setPainter(HistologySlidePainter.perSlide()).optSlides(slides)
                        .optSize(width, height).optIslands(islands).optLesionFraction(lesionFraction)
                        .optLesionRadius(lesionRadius).optMpp(mpp).optSeed(seed).build();
                SlideLayout.generate(width, height, islands, lesionFraction, lesionRadius, seed);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            long start = System.nanoTime();
            List<SyntheticCohort.Entry> entries = cohort.write(out);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d slides (%d positive) to %s in %.1f s%n",
                    entries.size(), entries.stream().filter(e -> e.label() == 1).count(),
                    out.resolve(SyntheticCohort.MANIFEST), (System.nanoTime() - start) / 1e9);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The options that name and load a tile encoder. */
    static final class EncoderOptions {

        @Option(names = "--encoder", required = true,
                description = "random:ARCH[:SEED] (resnet18, resnet34, resnet50, densenet121, nic), nic[:PATH], "
                        + "torchscript:PATH or run:RUN_DIR, optionally @BLOCK")
        String encoder;

        @Option(names = "--nic-weights", description = "Keras weights of the nic encoder (default: the shared fixture, when present)")
        Path nicWeights;

        @Option(names = "--input-size", defaultValue = "224", description = "input side of a torchscript encoder (default ${DEFAULT-VALUE})")
        int inputSize;

        Encoder load(NDManager manager) {
            EncoderResolver.Builder resolver = EncoderResolver.builder().optTorchScriptInputSize(inputSize);
            if (nicWeights != null) {
                resolver.optNicWeights(nicWeights);
            }
            return resolver.build().create(EncoderSpec.parse(encoder), manager);
        }
    }

    /** {@code slide encode (SLIDE|COHORT_CSV) --encoder E --tile-size 256 --mpp 0.5 --out DIR}: bags of features. */
    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Encode a slide or every slide of a cohort.csv into HDF5 bags (features + coords) and bags.csv; fresh bags are skipped.")
    static final class Encode implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SLIDE|COHORT_CSV", description = "a slide file or a cohort manifest (.csv)")
        Path input;

        @Mixin
        EncoderOptions encoderOptions;

        @Option(names = "--tile-size", defaultValue = "256", description = "tile side in pixels at --mpp (default ${DEFAULT-VALUE})")
        int tileSize;

        @Option(names = "--mpp", defaultValue = "0.5", description = "microns per pixel of the tiles (default ${DEFAULT-VALUE})")
        double mpp;

        @Option(names = "--slide-mpp", description = "the slides' microns per level-0 pixel, if their metadata lacks it")
        Double slideMpp;

        @Option(names = "--min-tissue", defaultValue = "0.5", description = "least tissue fraction of a tile kept (default ${DEFAULT-VALUE})")
        double minTissue;

        @Option(names = "--batch-size", defaultValue = "64", description = "tiles per forward pass (default ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--out", required = true, description = "bags folder")
        Path out;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = "encode on Apache Spark: local[N] or spark://HOST:PORT (needs the histo4j-spark jar)")
        String spark;

        /** Encodes the slides. */
        @Override
        public Integer call() {
            List<SlideEntry> slides = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? SlideCohort.read(input) : List.of(single(input));
            SparkRunner runner = spark == null ? null : SparkRunner.find();
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = encoderOptions.load(manager);
                SlideEncoder slideEncoder = build(encoder);
                if (runner != null) { // the options are valid and the encoder loads: the executors rebuild both
                    return runner.encodeSlides(new SparkRunner.SlideJob(spark, slides, out, encoderOptions.encoder,
                            encoderOptions.nicWeights, encoderOptions.inputSize, tileSize, mpp, slideMpp, minTissue,
                            batchSize), spec.commandLine().getOut());
                }
                PrintWriter printer = spec.commandLine().getOut();
                long start = System.nanoTime();
                List<EncodedSlide> done = slideEncoder.encodeCohort(slides, out, new BarListener(printer));
                printer.printf(Locale.ROOT, "%d slides (%d skipped as fresh), %d tiles, encoder %s, in %.1f s: %s%n",
                        done.size(), done.stream().filter(EncodedSlide::skipped).count(),
                        done.stream().mapToInt(EncodedSlide::tiles).sum(), encoder.name(),
                        (System.nanoTime() - start) / 1e9, out.resolve(SlideEncoder.BAGS_MANIFEST));
                printer.flush();
            }
            return 0;
        }

        private SlideEntry single(Path slide) {
            if (!Files.isRegularFile(slide)) {
                throw new Histo4jException("slide not found: " + slide);
            }
            return SlideEntry.of(slide);
        }

        private SlideEncoder build(Encoder encoder) {
            SlideEncoder.Builder builder = SlideEncoder.builder().setEncoder(encoder).setTileSize(tileSize).setMpp(mpp)
                    .optMinTissue(minTissue).optBatchSize(batchSize);
            if (slideMpp != null) {
                builder.optSlideMpp(slideMpp);
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
    }

    /** Shows one progress bar per slide. */
    private static final class BarListener implements SlideEncoder.Listener {
        private final PrintWriter out;
        private ProgressBar bar;

        BarListener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void slideStarted(SlideEntry slide, int tiles, boolean skipped) {
            if (!skipped) {
                bar = new ProgressBar(slide.slideId(), tiles);
            }
        }

        @Override
        public void tilesEncoded(SlideEntry slide, int done) {
            bar.stepTo(done);
        }

        @Override
        public void slideFinished(EncodedSlide result) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            if (result.skipped()) {
                out.println(result.entry().slideId() + ": bag is fresh, skipped");
                out.flush();
            }
        }
    }

    /** {@code slide train BAGS_DIR --model abmil --folds 5 --seeds 3 --out DIR}: grouped cross-validation. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Cross-validate slide classifiers on a bags folder (grouped folds x seeds), then train on all slides:"
                    + " results.csv, summary.csv, predictions.csv and model/.")
    static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BAGS_DIR", description = "a folder written by 'slide encode'")
        Path bags;

        @Option(names = "--model", split = ",", defaultValue = "abmil",
                description = "abmil, gated, mean or grid; several separated by commas (default ${DEFAULT-VALUE})")
        List<String> models;

        @Option(names = "--folds", defaultValue = "5", description = "grouped folds (default ${DEFAULT-VALUE})")
        int folds;

        @Option(names = "--seeds", defaultValue = "3", description = "seeds (default ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--epochs", defaultValue = "60", description = "epochs per fold (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        float learningRate;

        @Option(names = "--task", description = "the task column of results (default: the cohort folder, i.e. the bags folder or, if it is called bags, its parent)")
        String task;

        @Option(names = "--shuffled-labels", description = "label-shuffled control: permute slide labels per seed")
        boolean shuffled;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @Option(names = "--overwrite", description = "write into a folder that already holds results.csv")
        boolean overwrite;

        /** Runs the cross-validation and saves the final models. */
        @Override
        public Integer call() throws IOException {
            if (Files.exists(out.resolve("results.csv")) && !overwrite) {
                throw new Histo4jException(out + " already holds results.csv; choose another --out or pass --overwrite");
            }
            SlideModel[] kinds = models.stream().map(SlideModel::of).toArray(SlideModel[]::new);
            List<Bag> all = BagCohort.read(bags);
            CacheProvenance provenance = BagCohort.provenance(bags);
            int stride = BagCohort.entries(bags).getFirst().tileSize();
            PrintWriter printer = spec.commandLine().getOut();
            SlideCrossValidation cv = crossValidation(kinds, printer);
            String taskName = task != null ? task : defaultTask();
            SlideCrossValidation.Result result = cv.run(all, stride, provenance.encoder(), taskName);
            Files.createDirectories(out);
            result.results().write(out.resolve("results.csv"));
            result.results().summary().write().csv(out.resolve("summary.csv").toFile());
            writePredictions(result.predictions(), out.resolve("predictions.csv"));
            for (SlideModel kind : kinds) {
                Path dir = out.resolve(kinds.length == 1 ? "model" : "model-" + kind.label());
                try (TrainedSlideModel trained = cv.fit(kind, stride, shuffled ? shuffledBags(all) : all, 1)) {
                    SlideModelFile.of(kind, all.getFirst().featureWidth(), stride, provenance).save(dir, trained);
                }
            }
            printer.println(result.results().summary().where(result.results().summary().stringColumn("metric")
                    .isIn("auc", SlideCrossValidation.OUT_OF_FOLD_AUC)).printAll());
            printer.println("wrote " + out.resolve("results.csv") + ", summary.csv, predictions.csv and the model(s)");
            printer.flush();
            return 0;
        }

        /** The cohort's name: the bags folder's name, or its parent's when the folder is called {@code bags}. */
        private String defaultTask() {
            Path folder = bags.toAbsolutePath().normalize();
            boolean generic = folder.getFileName().toString().equals("bags") && folder.getParent() != null
                    && folder.getParent().getFileName() != null;
            return (generic ? folder.getParent() : folder).getFileName().toString();
        }

        private List<Bag> shuffledBags(List<Bag> all) {
            java.util.List<Integer> labels = new java.util.ArrayList<>(all.stream().map(Bag::label).toList());
            java.util.Collections.shuffle(labels, new java.util.Random(1));
            return java.util.stream.IntStream.range(0, all.size()).mapToObj(i -> all.get(i).withLabel(labels.get(i)))
                    .toList();
        }

        private SlideCrossValidation crossValidation(SlideModel[] kinds, PrintWriter printer) {
            try {
                return SlideCrossValidation.builder().optModels(kinds).optFolds(folds).optSeeds(seeds)
                        .optEpochs(epochs).optLearningRate(learningRate).optShuffledLabels(shuffled)
                        .optLog(line -> {
                            printer.println(line);
                            printer.flush();
                        }).build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private static void writePredictions(List<SlideCrossValidation.OutOfFold> predictions, Path csv)
                throws IOException {
            try (Writer w = Files.newBufferedWriter(csv)) {
                w.write("model,seed,fold,slide,group,label,positive_probability\n");
                for (SlideCrossValidation.OutOfFold p : predictions) {
                    w.write(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%d,%.6f%n", p.mode(), p.seed(), p.fold(),
                            p.prediction().slideId(), p.prediction().group(), p.prediction().label(),
                            p.prediction().positiveScore()));
                }
            }
        }
    }

    /** {@code slide heatmap SLIDE --bags DIR --model MODEL_DIR --out PNG}: attention over the thumbnail. */
    @Command(name = "heatmap", mixinStandardHelpOptions = true,
            description = "Draw a trained model's tile weights over a slide thumbnail (tissue outline, colour bar) and a top-k tile gallery.")
    static final class HeatmapCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SLIDE", description = "the slide file")
        Path slide;

        @Option(names = "--bags", required = true, description = "the bags folder holding this slide's bag")
        Path bags;

        @Option(names = "--model", required = true, description = "a model folder written by 'slide train'")
        Path model;

        @Option(names = "--out", required = true, description = "the heatmap PNG (the gallery goes beside it as NAME-topk.png)")
        Path out;

        @Option(names = "--top-k", defaultValue = "8", description = "tiles in the gallery (default ${DEFAULT-VALUE})")
        int topK;

        @Option(names = "--thumbnail", defaultValue = "1024", description = "longest side of the thumbnail (default ${DEFAULT-VALUE})")
        int thumbnail;

        /** Writes the heatmap and the gallery. */
        @Override
        public Integer call() {
            if (!Files.isRegularFile(slide)) {
                throw new Histo4jException("slide not found: " + slide);
            }
            if (topK < 1 || thumbnail < 16) {
                throw new ParameterException(spec.commandLine(), "--top-k must be >= 1 and --thumbnail >= 16");
            }
            BagCohort.Entry entry = find();
            SlideModelFile description = SlideModelFile.read(model);
            CacheProvenance provenance = BagFile.provenance(entry.bagFile());
            if (!description.accepts(provenance)) {
                throw new Histo4jException("bag " + entry.bagFile() + " was encoded with " + provenance.encoder()
                        + " at " + provenance.micronsPerPixel() + " um/px but model " + model + " was trained on "
                        + description.encoder() + " at " + description.mpp() + " um/px");
            }
            Bag bag = BagFile.read(entry.bagFile());
            try (TrainedSlideModel trained = SlideModelFile.load(model)) {
                SlideHeatmaps.Written written = SlideHeatmaps.write(slide, bag, BagFile.tileSize(entry.bagFile()),
                        trained, out, topK, thumbnail);
                spec.commandLine().getOut().printf(Locale.ROOT, "%s: P(positive) = %.3f; wrote %s and %s%n",
                        entry.slideId(), written.positiveScore(), written.heatmap(), written.gallery());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private BagCohort.Entry find() {
            Path wanted = slide.toAbsolutePath().normalize();
            String stem = SlideEntry.of(slide).slideId();
            List<BagCohort.Entry> entries = BagCohort.entries(bags);
            return entries.stream().filter(e -> e.slidePath().toAbsolutePath().normalize().equals(wanted)).findFirst()
                    .or(() -> entries.stream().filter(e -> e.slideId().equals(stem)).findFirst())
                    .orElseThrow(() -> new Histo4jException("no bag for slide " + slide + " in "
                            + bags.resolve(SlideEncoder.BAGS_MANIFEST) + "; encode it with 'slide encode' first"));
        }
    }

    /** {@code slide bench SLIDE}: tiles per second read through the FFM binding and through C, and their ratio. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Benchmark reading tiles: the Java (FFM) binding against the same loop in C (needs gcc).")
    static final class Bench implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SLIDE", description = "the slide file")
        Path slide;

        @Option(names = "--tile-size", defaultValue = "256", description = "tile side in level-0 pixels (default ${DEFAULT-VALUE})")
        int tileSize;

        @Option(names = "--count", defaultValue = "2000", description = "tiles read per run (default ${DEFAULT-VALUE})")
        long count;

        @Option(names = "--threads", defaultValue = "1", description = "reading threads (default ${DEFAULT-VALUE})")
        int threads;

        /** Runs both loops and prints their rates. */
        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(slide)) {
                throw new Histo4jException("slide not found: " + slide);
            }
            if (tileSize < 1 || count < 1 || threads < 1) {
                throw new ParameterException(spec.commandLine(), "--tile-size, --count and --threads must be positive");
            }
            Path work = Files.createTempDirectory("histo4j-bench");
            try {
                SlideBenchmark.Result result = SlideBenchmark.compare(slide, tileSize, count, threads, work);
                spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d x %d px tiles, %d thread(s): %s%n",
                        slide.getFileName(), tileSize, tileSize, threads, result);
                spec.commandLine().getOut().flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Histo4jException("benchmark interrupted", e);
            } finally {
                try (var files = Files.list(work)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(work);
            }
            return 0;
        }
    }
}

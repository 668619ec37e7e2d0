package org.histo4j.cli.slide;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.model.Devices;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.slide.study.HeatmapFaithfulness;
import org.histo4j.slide.study.SlideCrossValidation;
import org.histo4j.slide.study.SlideModel;
import org.histo4j.slide.study.SlideModelFile;
import org.histo4j.transfer.CacheProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code slide train BAGS_DIR --model abmil --folds 5 --seeds 3 --out DIR}: grouped cross-validation. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Cross-validate slide classifiers on a bags folder (grouped folds x seeds), then train on all"
                + " slides: results.csv, summary.csv, predictions.csv, config.json and model/.")
final class SlideTrainCommand implements Callable<Integer>, EngineCommand {

    private static final String RESULTS = "results.csv";
    private static final String FAITHFULNESS = "faithfulness.csv";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BAGS_DIR", description = "a folder written by 'slide encode'")
    Path bags;

    @Option(names = "--model", split = ",", defaultValue = "abmil", paramLabel = "MODEL",
            converter = ModelName.class,
            description = "mean, abmil, gated, grid, clam-sb or clam-mb; several separated by commas"
                    + " (default: ${DEFAULT-VALUE})")
    List<SlideModel> models;

    @Option(names = "--folds", defaultValue = "5", description = "grouped folds (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--seeds", defaultValue = "3", description = "seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--epochs", defaultValue = "60", description = "epochs per fold (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--task", description = "the task column of results (default: the cohort folder, i.e. the bags"
            + " folder or, if it is called bags, its parent)")
    String task;

    @Option(names = "--shuffled-labels", description = "label-shuffled control: permute slide labels per seed")
    boolean shuffled;

    @Mixin
    OutputOptions output;

    @Mixin
    DeviceOptions deviceOptions;

    /** Converts a model's command-line name ({@code clam-sb}) through {@link SlideModel#of}. */
    static final class ModelName implements ITypeConverter<SlideModel> {
        @Override
        public SlideModel convert(String value) {
            try {
                return SlideModel.of(value);
            } catch (Histo4jException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Runs the cross-validation and saves the final models. */
    @Override
    public Integer call() throws IOException {
        validate();
        output.refuseExisting(RESULTS);
        Devices devices = deviceOptions.devices();
        SlideModel[] kinds = models.stream().distinct().toArray(SlideModel[]::new);
        List<Bag> all = BagCohort.read(bags);
        CacheProvenance provenance = BagCohort.provenance(bags);
        int stride = BagCohort.entries(bags).getFirst().tileSize();
        PrintWriter printer = spec.commandLine().getOut();
        Map<String, TissueMask> lesions = lesionMasks();
        SlideCrossValidation cv = SlideCrossValidation.builder().optModels(kinds).optFolds(folds).optSeeds(seeds)
                .optLesionMasks(lesions).optEpochs(epochs).optLearningRate(learningRate).optShuffledLabels(shuffled)
                .optDevice(devices.first()).optLog(line -> {
                    printer.println(line);
                    printer.flush();
                }).build();
        String taskName = task != null ? task : defaultTask();
        SlideCrossValidation.Result result = cv.run(all, stride, provenance.encoder(), taskName);
        Path out = output.create();
        writeConfig(out, kinds, taskName, devices);
        result.results().write(out.resolve(RESULTS));
        result.results().summary().write().csv(out.resolve("summary.csv").toFile());
        writePredictions(result.predictions(), out.resolve("predictions.csv"));
        if (!lesions.isEmpty()) {
            writeFaithfulness(result.faithfulness(), out.resolve(FAITHFULNESS));
        }
        for (SlideModel kind : kinds) {
            Path dir = out.resolve(kinds.length == 1 ? "model" : "model-" + kind.label());
            try (TrainedSlideModel trained = cv.fit(kind, stride, shuffled ? shuffledBags(all) : all, 1)) {
                SlideModelFile.of(kind, all.getFirst().featureWidth(), stride, provenance).save(dir, trained);
            }
        }
        printer.println(result.results().summary().where(result.results().summary().stringColumn("metric")
                .isIn("auc", SlideCrossValidation.OUT_OF_FOLD_AUC)).printAll());
        printer.println("wrote " + out.resolve(RESULTS) + ", summary.csv, predictions.csv"
                + (lesions.isEmpty() ? "" : ", " + FAITHFULNESS + " (" + lesions.size() + " lesion masks)")
                + " and the model(s)");
        printer.flush();
        return 0;
    }

    private void validate() {
        OptionChecks.of(spec).atLeast("--folds", folds, 2).atLeast("--seeds", seeds, 1).atLeast("--epochs", epochs, 1)
                .positive("--lr", learningRate);
    }

    private void writeConfig(Path out, SlideModel[] kinds, String taskName, Devices devices) throws IOException {
        SlideBags.writeConfig(out, "slide train", bags, devices, config -> {
            config.put("models", java.util.Arrays.stream(kinds).map(SlideModel::label).toList());
            config.put("folds", folds);
            config.put("seeds", seeds);
            config.put("epochs", epochs);
            config.put("learning_rate", learningRate);
            config.put("task", taskName);
            config.put("shuffled_labels", shuffled);
            config.put("shuffle_seed", 1);
        });
    }

    /** The cohort's name: the bags folder's name, or its parent's when the folder is called {@code bags}. */
    private String defaultTask() {
        Path folder = bags.toAbsolutePath().normalize();
        boolean generic = folder.getFileName().toString().equals("bags") && folder.getParent() != null
                && folder.getParent().getFileName() != null;
        return (generic ? folder.getParent() : folder).getFileName().toString();
    }

    /**
     * The true lesion masks of the cohort the bags were encoded from: the manifest named by the bags folder's
     * config.json ({@code input}, when 'slide encode' read a cohort.csv); none for a single slide or a real cohort.
     */
    private Map<String, TissueMask> lesionMasks() {
        Path manifest = BagCohort.cohortManifest(bags).orElse(null);
        return manifest == null ? Map.of() : SlideCohort.lesionMasks(manifest);
    }

    private static void writeFaithfulness(List<SlideCrossValidation.Faithfulness> rows, Path csv)
            throws IOException {
        List<List<Object>> cells = new ArrayList<>();
        for (SlideCrossValidation.Faithfulness f : rows) {
            HeatmapFaithfulness.Score s = f.score();
            cells.add(List.of(f.mode(), f.seed(), s.slideId(), decimal(s.attentionAuc()),
                    decimal(s.topKLesion()), s.lesionTiles(), s.tiles()));
        }
        Csv.write(csv, List.of("model", "seed", "slide", HeatmapFaithfulness.ATTENTION_AUC,
                HeatmapFaithfulness.TOPK_LESION, "lesion_tiles", "tiles"), cells);
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.6f", value);
    }

    private static List<Bag> shuffledBags(List<Bag> all) {
        List<Integer> labels = new ArrayList<>(all.stream().map(Bag::label).toList());
        Collections.shuffle(labels, new Random(1));
        return IntStream.range(0, all.size()).mapToObj(i -> all.get(i).withLabel(labels.get(i))).toList();
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

package org.histo4j.cli.slide;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.weights.DjlParameters;
import org.histo4j.model.weights.Weights;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.heatmap.Heatmap;
import org.histo4j.slide.mil.AttentionMil;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;
import org.histo4j.slide.mil.SlideTiles;
import org.histo4j.slide.mil.TopKFineTuner;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.slide.study.SlideModelFile;
import org.histo4j.train.TrainingProgress;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slide finetune BAGS --model DIR --top-k K --encoder E --out DIR}: top-k fine-tuning (HistoTransfer) of the
 * encoder the bags were made with, together with the attention head of a model from {@code slide train}, on the
 * {@code K} tiles that head weighs most in each slide. Writes {@code encoder.params} (the fine-tuned encoder in DJL's
 * parameter format), {@code model/} (the fine-tuned head; it accepts bags re-encoded with the fine-tuned encoder),
 * {@code losses.csv} and {@code config.json}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune the encoder and a trained attention model end to end on each slide's top-k attended"
                + " tiles: encoder.params, model/, losses.csv, config.json.")
final class SlideFinetuneCommand implements Callable<Integer>, EngineCommand {

    private static final String LOSSES = "losses.csv";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BAGS_DIR", description = "a folder written by 'slide encode'")
    Path bags;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "an attention model (abmil or gated) written by 'slide train' on these bags")
    Path model;

    @Option(names = "--top-k", required = true, paramLabel = "K", description = "tiles kept per slide")
    int topK;

    @Option(names = "--epochs", defaultValue = "5", description = "passes over the slides (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-5", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Adam weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(names = "--batch", defaultValue = "2",
            description = "slides per optimisation step (default: ${DEFAULT-VALUE})")
    int slidesPerStep;

    @Option(names = "--seed", defaultValue = "1", description = "seed of slide order (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    OutputOptions output;

    @Mixin
    DeviceOptions deviceOptions;

    /** Selects the tiles, fine-tunes and writes the results. */
    @Override
    public Integer call() throws IOException {
        validate();
        output.refuseExisting(LOSSES);
        EncoderSpec encoderSpec = encoderOptions.single();
        Devices devices = deviceOptions.devices();
        List<BagCohort.Entry> entries = BagCohort.entries(bags);
        SlideModelFile description = SlideBags.compatibleModel(model, entries.getFirst());
        CacheProvenance provenance = BagCohort.provenance(bags);
        List<Bag> all = BagCohort.read(bags);
        PrintWriter printer = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(devices.first());
                TrainedSlideModel trained = SlideModelFile.load(model, devices.first())) {
            if (!(trained.block() instanceof AttentionMil attention)) {
                throw new Histo4jException("--model " + model + " holds a " + description.model().label()
                        + " model; top-k fine-tuning needs an attention model (abmil or gated)");
            }
            Encoder encoder = encoderOptions.load(encoderSpec, manager);
            String before = Weights.digest(encoder.namedParameters());
            if (!encoder.name().equals(provenance.encoder()) || !before.equals(provenance.weightsHash())) {
                throw new Histo4jException("--encoder " + encoderSpec + " is not the encoder the bags in " + bags
                        + " were made with (" + provenance.encoder() + ", weights " + provenance.weightsHash() + ")");
            }
            List<SlideTiles> top = topTiles(entries, all, trained.predict(all), encoder.inputSize());
            List<Double> losses;
            try (TopKFineTuner tuner = TopKFineTuner.builder().setEncoder(encoder).setAttention(attention)
                    .optEpochs(epochs).optLearningRate(learningRate).optWeightDecay(weightDecay)
                    .optSlidesPerStep(slidesPerStep).optSeed(seed).optDevice(devices.first()).optLog(line -> {
                        printer.println(line);
                        printer.flush();
                    }).build()) {
                losses = tuner.fit(top);
            }
            String after = Weights.digest(encoder.namedParameters());
            Path out = output.create();
            DjlParameters.save(encoder, out.resolve("encoder.params"));
            new SlideModelFile(description.model(), description.featureWidth(), description.tileSize(),
                    encoder.name(), after, description.mpp()).save(out.resolve("model"), trained);
            writeLosses(losses, out.resolve(LOSSES));
            writeConfig(out, encoderSpec, devices, top.size(), before, after);
            printer.printf(Locale.ROOT, "fine-tuned %s and the %s head on %d slides x top %d tiles for %d epochs on %s;"
                    + " wrote %s%n", encoder.name(), description.model().label(), top.size(), topK, epochs, devices,
                    out.toAbsolutePath());
            printer.flush();
        }
        return 0;
    }

    private void validate() {
        OptionChecks.of(spec).atLeast("--top-k", topK, 1).atLeast("--epochs", epochs, 1).positive("--lr", learningRate)
                .nonNegative("--weight-decay", weightDecay).atLeast("--batch", slidesPerStep, 1);
    }

    /** Each slide's top-k tiles by the trained head's weights, read from the slide at the encoder's input size. */
    private List<SlideTiles> topTiles(List<BagCohort.Entry> entries, List<Bag> all, List<SlidePrediction> predictions,
            int inputSize) {
        Map<String, BagCohort.Entry> bySlide = entries.stream()
                .collect(Collectors.toMap(BagCohort.Entry::slideId, Function.identity()));
        List<SlideTiles> selected = new ArrayList<>(all.size());
        try (ProgressBar progress = TrainingProgress.counter("top-k tiles", all.size())) {
            for (int i = 0; i < all.size(); i++) {
                Bag bag = all.get(i);
                BagCohort.Entry entry = bySlide.get(bag.slideId());
                int stride = entry.tileSize();
                List<BufferedImage> tiles = new ArrayList<>();
                try (SlideReader slide = SlideReader.open(entry.slidePath()); TileReader reader = new TileReader(slide, 1)) {
                    for (int index : Heatmap.topK(predictions.get(i).tileWeights(), Math.min(topK, bag.size()))) {
                        int[] xy = bag.coords()[index];
                        tiles.add(reader.read(new Tile(xy[0] / stride, xy[1] / stride, xy[0], xy[1], 0, stride,
                                inputSize, stride, 1)));
                    }
                }
                selected.add(new SlideTiles(bag.slideId(), bag.group(), bag.label(), tiles));
                progress.step();
            }
        }
        return selected;
    }

    private static void writeLosses(List<Double> losses, Path csv) throws IOException {
        StringBuilder text = new StringBuilder("epoch,mean_training_loss\n");
        for (int e = 0; e < losses.size(); e++) {
            text.append(String.format(Locale.ROOT, "%d,%.6f%n", e + 1, losses.get(e)));
        }
        Files.writeString(csv, text);
    }

    private void writeConfig(Path out, EncoderSpec encoderSpec, Devices devices, int slides, String before,
            String after) throws IOException {
        SlideBags.writeConfig(out, "slide finetune", bags, devices, config -> {
            config.put("model", model.toAbsolutePath().toString());
            config.put("encoder", encoderSpec.toString());
            config.put("encoder_weights_before", before);
            config.put("encoder_weights_after", after);
            config.put("encoder_parameters", "encoder.params (DJL parameter stream; DjlParameters.load onto "
                    + encoderSpec + ")");
            config.put("slides", slides);
            config.put("top_k", topK);
            config.put("epochs", epochs);
            config.put("learning_rate", learningRate);
            config.put("weight_decay", weightDecay);
            config.put("slides_per_step", slidesPerStep);
            config.put("batch_norm_frozen", true);
            config.put("seed", seed);
        });
    }
}

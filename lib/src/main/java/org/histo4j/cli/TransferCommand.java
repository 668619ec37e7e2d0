package org.histo4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.histo4j.WriteLock;
import org.histo4j.cli.options.ConfigFile;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.GroupCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.cli.options.StainOptions;
import org.histo4j.data.ImageSource;
import org.histo4j.data.source.DataSpec;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.report.HtmlReport;
import org.histo4j.report.TransferReport;
import org.histo4j.train.optim.OptimizerKind;
import org.histo4j.transfer.EncoderBlocks;
import org.histo4j.transfer.FineTuner;
import org.histo4j.transfer.LinearProbe;
import org.histo4j.transfer.Metric;
import org.histo4j.transfer.RepresentationAnalysis;
import org.histo4j.transfer.SourceView;
import org.histo4j.transfer.TransferEvaluation;
import org.histo4j.transfer.TransferProgress;
import org.histo4j.transfer.TransferTables;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code histo4j transfer}: evaluate encoders on a labelled image collection and compare their representations. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "Transfer evaluation: linear probes and fine-tuning over folds and seeds, layer-by-layer CKA.",
        subcommands = {TransferCommand.Evaluate.class, TransferCommand.CkaCommand.class})
public final class TransferCommand extends GroupCommand {

    /** Creates the command; picocli fills its subcommands. */
    public TransferCommand() {
        // subcommands are injected by picocli
    }

    /** The data options shared by the transfer and features commands: {@code --data} and {@code --root}. */
    static final class Inputs {
        @Option(names = "--data", required = true, paramLabel = "DATA",
                description = "synthetic:TASK[:PER_CLASS], an image folder (one sub-folder per class), a CSV list "
                        + "(path,label[,group]) or a dataset manifest (.json)")
        String data;

        @Option(names = "--root", paramLabel = "DIR", description = "the local copy of a manifest's dataset")
        Path root;

        DataSpec dataSpec() {
            return new DataSpec(data);
        }

        ImageSource open() {
            return dataSpec().open(root);
        }
    }

    /** {@code transfer evaluate}: results.csv, summary.csv, report.html (and learning-curves.csv when fine-tuning). */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate encoders with linear probes and/or fine-tuning over grouped folds and seeds.")
    static final class Evaluate implements Callable<Integer>, EngineCommand {

        @Spec
        CommandSpec spec;

        @Mixin
        Inputs inputs;

        @Mixin
        EncoderOptions encoderOptions;

        @Mixin
        DeviceOptions deviceOptions;

        @Mixin
        StainOptions stainOptions;

        @Option(names = "--truncate", paramLabel = "K", description = "cut every encoder after its K-th block")
        Integer truncate;

        @Option(names = "--mode", split = ",", paramLabel = "MODE", defaultValue = "linear",
                description = "linear, finetune or both (linear,finetune) (default: ${DEFAULT-VALUE})")
        List<TransferEvaluation.Mode> modes;

        @Option(names = "--folds", defaultValue = "5", description = "outer grouped folds (default: ${DEFAULT-VALUE})")
        int folds;

        @Option(names = "--seeds", defaultValue = "5", description = "seeds 0..N-1 (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--metric", defaultValue = "accuracy",
                description = "metric of the report (accuracy, balanced_accuracy, auc; default: ${DEFAULT-VALUE})")
        Metric metric;

        @Option(names = "--epochs", defaultValue = "5", description = "fine-tuning epochs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--lr", defaultValue = "0.001", description = "fine-tuning learning rate (default: ${DEFAULT-VALUE})")
        float learningRate;

        @Option(names = "--optimizer", defaultValue = "adam", description = "sgd or adam (default: ${DEFAULT-VALUE})")
        OptimizerKind optimizer;

        @Option(names = "--batch", defaultValue = "32", description = "fine-tuning batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--train-blocks", split = ",", paramLabel = "PREFIX",
                description = "fine-tune only encoder parameters with these name prefixes, e.g. layer4 (default: all)")
        List<String> trainBlocks = List.of();

        @Option(names = "--freeze-bn", description = "keep batch-norm statistics fixed while fine-tuning")
        boolean freezeBatchNorm;

        @Option(names = "--finetune-size", paramLabel = "PX", defaultValue = "0",
                description = "side of fine-tuning inputs, e.g. 64 for ResNets on 64 px patches (default: the "
                        + "encoder's input size)")
        int fineTuneSize;

        @Mixin
        OutputOptions output;

        @Option(names = "--cache", paramLabel = "DIR", description = "feature cache folder (default: DIR/cache)")
        Path cache;

        @Option(names = "--resume", description = "continue the evaluation in --out with the same options: the "
                + "(encoder, mode, seed, fold) results already in its results.csv are kept, the others computed")
        boolean resume;

        /** Runs the evaluation and prints the summary of the chosen metric. */
        @Override
        public Integer call() throws IOException {
            OptionChecks.of(spec).check(!(resume && output.overwrite()), "--resume and --overwrite exclude each "
                    + "other: --resume continues the results in --out, --overwrite starts them again");
            List<EncoderSpec> specs = encoderOptions.specs(Integer.MAX_VALUE, truncate);
            Set<TransferEvaluation.Mode> chosen = EnumSet.copyOf(modes);
            Metric reportMetric = metric;
            Devices devices = deviceOptions.devices();
            if (resume) {
                OutputOptions.refusePlainFile(output.dir());
            } else {
                output.refuseExisting(TransferProgress.RESULTS, "pass --resume to continue it, --overwrite to start "
                        + "again, or choose another --out");
            }
            TransferEvaluation evaluation = build(specs, chosen, devices);
            try (ImageSource source = inputs.open()) {
                long groups = Arrays.stream(source.groups()).distinct().count();
                OptionChecks.of(spec).check(folds <= groups, "--folds " + folds + " is more than the " + groups
                        + " groups (patients or slides) of " + inputs.data);
                Map<String, Object> config = config(specs, chosen, source, devices);
                if (resume) {
                    ConfigFile.requireSame(output.dir(), config);
                }
                Path out = output.create();
                try (WriteLock lock = WriteLock.onFolder(out, "--out " + out)) {
                    if (!resume) {
                        ConfigFile.write(out, config);
                    }
                    TransferEvaluation.Outcome outcome;
                    try (TransferProgress progress = progress(out)) {
                        outcome = evaluation.evaluate(source, inputs.dataSpec().description(), progress);
                    }
                    write(out, outcome, "Transfer evaluation on " + source.name(), reportMetric);
                }
            }
            return 0;
        }

        /** The progress of the run in {@code out}: resumed from its results.csv, or started afresh. */
        private TransferProgress progress(Path out) {
            if (!resume) {
                return TransferProgress.start(out);
            }
            TransferProgress progress = TransferProgress.resume(out);
            PrintWriter err = spec.commandLine().getErr();
            err.println("resuming " + out + ": " + progress.resumed() + " finished (encoder, mode, seed, fold) units"
                    + " kept from " + TransferProgress.RESULTS);
            err.flush();
            return progress;
        }

        private void write(Path out, TransferEvaluation.Outcome outcome, String title, Metric reportMetric)
                throws IOException {
            outcome.results().write(out.resolve(TransferProgress.RESULTS));
            Table summary = TransferTables.summary(outcome.results());
            summary.write().csv(out.resolve("summary.csv").toFile());
            if (outcome.learningCurves().rowCount() > 0) {
                outcome.learningCurves().write().csv(out.resolve(TransferProgress.CURVES).toFile());
            }
            TransferReport.write(out.resolve("report.html"), title, outcome, reportMetric);
            PrintWriter printer = spec.commandLine().getOut();
            printer.println(TransferReport.summaryForPeople(summary, reportMetric).printAll());
            printer.println("written: " + out.toAbsolutePath());
            printer.flush();
        }

        private TransferEvaluation build(List<EncoderSpec> specs, Set<TransferEvaluation.Mode> chosen,
                Devices devices) {
            OptionChecks.of(spec).atLeast("--folds", folds, 2).atLeast("--seeds", seeds, 1)
                    .atLeast("--epochs", epochs, 1).positive("--lr", learningRate).atLeast("--batch", batch, 1)
                    .atLeast("--finetune-size", fineTuneSize, 0);
            EncoderResolver resolver = encoderOptions.resolver();
            TransferEvaluation.Builder builder = TransferEvaluation.builder().optModes(chosen).optFolds(folds)
                    .optSeeds(seeds).optCacheDir(cache != null ? cache : output.dir().resolve("cache"))
                    .optProbe(LinearProbe.builder()).optDevice(devices.first())
                    .optStainNormalizer(stainOptions.normalizer())
                    .optFineTuning(FineTuner.builder().optEpochs(epochs).optLearningRate(learningRate)
                            .optOptimizer(optimizer).optBatchSize(batch).optTrainableBlocks(trainBlocks)
                            .optBatchNormFrozen(freezeBatchNorm).optInputSize(fineTuneSize))
                    .optLog(line -> System.err.println(line));
            specs.forEach(s -> builder.addEncoder(s, resolver));
            return builder.build();
        }

        private Map<String, Object> config(List<EncoderSpec> specs, Set<TransferEvaluation.Mode> chosen,
                ImageSource source, Devices devices) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "transfer evaluate");
            config.put("data", inputs.data);
            config.put("task", source.name());
            config.put("images", source.size());
            config.put("encoders", specs.stream().map(EncoderSpec::toString).toList());
            config.put("modes", chosen.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
            config.put("folds", folds);
            config.put("seeds", seeds);
            config.put("fine_tuning", Map.of("epochs", epochs, "learning_rate", learningRate, "optimizer",
                    optimizer.name().toLowerCase(Locale.ROOT), "batch", batch, "train_blocks", trainBlocks,
                    "freeze_bn", freezeBatchNorm, "input_size", fineTuneSize));
            config.put("device", devices.toString());
            config.put("stain", stainOptions.describe());
            return config;
        }
    }

    /** {@code transfer cka}: the layer-by-layer linear CKA of two encoders (cka.csv, cka-wide.csv, report.html). */
    @Command(name = "cka", mixinStandardHelpOptions = true,
            description = "Layer-by-layer linear CKA between two encoders on the same images.")
    static final class CkaCommand implements Callable<Integer>, EngineCommand {

        private static final String CKA = "cka.csv";

        @Spec
        CommandSpec spec;

        @Mixin
        Inputs inputs;

        @Mixin
        EncoderOptions encoderOptions;

        @Mixin
        DeviceOptions deviceOptions;

        @Option(names = "--max-images", defaultValue = "500",
                description = "images used, spread evenly over the data (default: ${DEFAULT-VALUE})")
        int maxImages;

        @Mixin
        OutputOptions output;

        /** Computes and writes the CKA matrix. */
        @Override
        public Integer call() throws IOException {
            OptionChecks.of(spec).atLeast("--max-images", maxImages, 2);
            List<EncoderSpec> specs = encoderOptions.specs(2, null);
            specs.forEach(this::requireWhole);
            Devices devices = deviceOptions.devices();
            output.refuseExisting(CKA);
            try (ImageSource all = inputs.open(); NDManager manager = NDManager.newBaseManager(devices.first())) {
                Path out = output.create();
                ConfigFile.write(out, ckaConfig(specs, devices));
                ImageSource source = SourceView.evenlySpaced(all, maxImages);
                Encoder first = encoderOptions.load(specs.getFirst(), manager);
                Encoder second = specs.size() == 1 ? first : encoderOptions.load(specs.get(1), manager);
                RepresentationAnalysis.CkaMatrix cka;
                try {
                    EncoderBlocks a = EncoderBlocks.of(first);
                    cka = RepresentationAnalysis.cka(a, first == second ? a : EncoderBlocks.of(second), source, 32)
                            .withNames(specs.getFirst().label(), specs.getLast().label());
                } finally {
                    first.close();
                    if (second != first) {
                        second.close();
                    }
                }
                cka.table().write().csv(out.resolve(CKA).toFile());
                cka.wide().write().csv(out.resolve("cka-wide.csv").toFile());
                HtmlReport.create("Linear CKA on " + source.name()).paragraph(source.size() + " images of "
                        + inputs.data + "; activations globally average-pooled after each block.")
                        .figure(cka.heatmap()).table(cka.wide()).write(out.resolve("report.html"));
                PrintWriter printer = spec.commandLine().getOut();
                printer.println(cka.wide().printAll());
                printer.println("written: " + out.toAbsolutePath());
                printer.flush();
            }
            return 0;
        }

        private void requireWhole(EncoderSpec encoderSpec) {
            if (encoderSpec.truncation().isPresent()) {
                throw new ParameterException(spec.commandLine(), "cka compares whole encoders block by block; drop @"
                        + encoderSpec.truncation().get() + " from --encoder " + encoderSpec);
            }
        }

        private Map<String, Object> ckaConfig(List<EncoderSpec> specs, Devices devices) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "transfer cka");
            config.put("data", inputs.data);
            config.put("encoders", specs.stream().map(EncoderSpec::toString).toList());
            config.put("max_images", maxImages);
            config.put("batch", 32);
            config.put("device", devices.toString());
            return config;
        }
    }
}

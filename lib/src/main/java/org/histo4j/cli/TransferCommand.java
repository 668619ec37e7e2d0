package org.histo4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.data.ImageSource;
import org.histo4j.data.source.DataSpec;
import org.histo4j.model.Encoder;
import org.histo4j.report.HtmlReport;
import org.histo4j.report.TransferReport;
import org.histo4j.transfer.EncoderBlocks;
import org.histo4j.transfer.FineTuner;
import org.histo4j.transfer.LinearProbe;
import org.histo4j.transfer.Metric;
import org.histo4j.transfer.RepresentationAnalysis;
import org.histo4j.transfer.SourceView;
import org.histo4j.transfer.TransferEvaluation;
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
public final class TransferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: evaluate or cka");
    }

    /** The data and encoder options shared by the transfer and features commands. */
    static final class Inputs {
        @Option(names = "--data", required = true, paramLabel = "DATA",
                description = "synthetic:TASK[:PER_CLASS], an image folder (one sub-folder per class), a CSV list "
                        + "(path,label[,group]) or a dataset manifest (.json)")
        String data;

        @Option(names = "--root", paramLabel = "DIR", description = "the local copy of a manifest's dataset")
        Path root;

        @Option(names = "--nic-weights", paramLabel = "FILE", description = "Keras weights of the 'nic' encoder "
                + "(default: -Dhisto4j.nic.weights or the shared fixture)")
        Path nicWeights;

        @Option(names = "--input-size", paramLabel = "PX", defaultValue = "224",
                description = "input size of torchscript encoders (default: ${DEFAULT-VALUE})")
        int inputSize;

        EncoderResolver resolver() {
            EncoderResolver.Builder builder = EncoderResolver.builder().optTorchScriptInputSize(inputSize);
            if (nicWeights != null) {
                builder.optNicWeights(nicWeights);
            }
            return builder.build();
        }

        DataSpec dataSpec() {
            return new DataSpec(data);
        }

        ImageSource open() {
            return dataSpec().open(root);
        }
    }

    /** Parses encoder specs, turning a bad one into a usage error; {@code truncate} adds {@code @blockK}. */
    static List<EncoderSpec> specs(CommandSpec spec, List<String> texts, Integer truncate) {
        List<EncoderSpec> specs = new ArrayList<>();
        for (String text : texts) {
            try {
                EncoderSpec parsed = EncoderSpec.parse(text);
                if (truncate != null) {
                    if (truncate < 1) {
                        throw new IllegalArgumentException("--truncate must be >= 1, got " + truncate);
                    }
                    if (parsed.truncation().isEmpty()) {
                        parsed = parsed.truncatedAfter("block" + truncate);
                    }
                }
                specs.add(parsed);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return specs;
    }

    /** Closes an encoder that holds a native model of its own (TorchScript). */
    static void closeIfNeeded(Encoder encoder) {
        if (encoder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close encoder " + encoder.name(), e);
            }
        }
    }

    /** Creates the output directory, refusing one that exists. */
    static void createNew(Path out) throws IOException {
        if (Files.exists(out)) {
            throw new Histo4jException("output directory " + out + " already exists; choose another --out");
        }
        Files.createDirectories(out);
    }

    /** {@code transfer evaluate}: results.csv, summary.csv, report.html (and learning-curves.csv when fine-tuning). */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate encoders with linear probes and/or fine-tuning over grouped folds and seeds.")
    static final class Evaluate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Inputs inputs;

        @Option(names = "--encoder", required = true, paramLabel = "E",
                description = "random:ARCH[:SEED], nic[:PATH], torchscript:PATH or run:RUN_DIR, optionally @POINT "
                        + "(@layer3, @block2); repeat for several")
        List<String> encoders;

        @Option(names = "--truncate", paramLabel = "K", description = "cut every encoder after its K-th block")
        Integer truncate;

        @Option(names = "--mode", split = ",", paramLabel = "MODE", defaultValue = "linear",
                description = "linear, finetune or both (linear,finetune) (default: ${DEFAULT-VALUE})")
        List<String> modes;

        @Option(names = "--folds", defaultValue = "5", description = "outer grouped folds (default: ${DEFAULT-VALUE})")
        int folds;

        @Option(names = "--seeds", defaultValue = "5", description = "seeds 0..N-1 (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--metric", defaultValue = "accuracy",
                description = "metric of the report (accuracy, balanced_accuracy, auc; default: ${DEFAULT-VALUE})")
        String metric;

        @Option(names = "--epochs", defaultValue = "5", description = "fine-tuning epochs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--lr", defaultValue = "0.001", description = "fine-tuning learning rate (default: ${DEFAULT-VALUE})")
        float learningRate;

        @Option(names = "--optimizer", defaultValue = "adam", description = "sgd or adam (default: ${DEFAULT-VALUE})")
        String optimizer;

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

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (must not exist)")
        Path out;

        @Option(names = "--cache", paramLabel = "DIR", description = "feature cache folder (default: DIR/cache)")
        Path cache;

        /** Runs the evaluation and prints the summary of the chosen metric. */
        @Override
        public Integer call() throws IOException {
            List<EncoderSpec> specs = specs(spec, encoders, truncate);
            Set<TransferEvaluation.Mode> chosen = modes();
            Metric reportMetric = metric();
            TransferEvaluation evaluation = build(specs, chosen);
            EncoderResolver resolver = inputs.resolver();
            specs.forEach(resolver::check);
            try (ImageSource source = inputs.open()) {
                createNew(out);
                writeConfig(specs, chosen, source);
                TransferEvaluation.Outcome outcome = evaluation.evaluate(source, inputs.dataSpec().description());
                outcome.results().write(out.resolve("results.csv"));
                Table summary = TransferTables.summary(outcome.results());
                summary.write().csv(out.resolve("summary.csv").toFile());
                if (outcome.learningCurves().rowCount() > 0) {
                    outcome.learningCurves().write().csv(out.resolve("learning-curves.csv").toFile());
                }
                TransferReport.write(out.resolve("report.html"), "Transfer evaluation on " + source.name(), outcome,
                        reportMetric);
                PrintWriter printer = spec.commandLine().getOut();
                printer.println(TransferReport.summaryForPeople(summary, reportMetric).printAll());
                printer.println("written: " + out.toAbsolutePath());
                printer.flush();
            }
            return 0;
        }

        private TransferEvaluation build(List<EncoderSpec> specs, Set<TransferEvaluation.Mode> chosen) {
            EncoderResolver resolver = inputs.resolver();
            FineTuner.OptimizerKind kind = switch (optimizer.toLowerCase(Locale.ROOT)) {
                case "sgd" -> FineTuner.OptimizerKind.SGD;
                case "adam" -> FineTuner.OptimizerKind.ADAM;
                default -> throw new ParameterException(spec.commandLine(), "--optimizer must be sgd or adam, got "
                        + optimizer);
            };
            try {
                TransferEvaluation.Builder builder = TransferEvaluation.builder().optModes(chosen).optFolds(folds)
                        .optSeeds(seeds).optCacheDir(cache != null ? cache : out.resolve("cache"))
                        .optProbe(LinearProbe.builder())
                        .optFineTuning(FineTuner.builder().optEpochs(epochs).optLearningRate(learningRate)
                                .optOptimizer(kind).optBatchSize(batch).optTrainableBlocks(trainBlocks)
                                .optBatchNormFrozen(freezeBatchNorm).optInputSize(fineTuneSize))
                        .optLog(line -> System.err.println(line));
                specs.forEach(s -> builder.addEncoder(s, resolver));
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private Set<TransferEvaluation.Mode> modes() {
            try {
                Set<TransferEvaluation.Mode> set = EnumSet.noneOf(TransferEvaluation.Mode.class);
                modes.forEach(m -> set.add(TransferEvaluation.Mode.parse(m)));
                return set;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private Metric metric() {
            try {
                return Metric.fromColumnName(metric);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + "; expected accuracy, "
                        + "balanced_accuracy or auc", e);
            }
        }

        private void writeConfig(List<EncoderSpec> specs, Set<TransferEvaluation.Mode> chosen, ImageSource source)
                throws IOException {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "transfer evaluate");
            config.put("data", inputs.data);
            config.put("task", source.name());
            config.put("images", source.size());
            config.put("encoders", specs.stream().map(EncoderSpec::toString).toList());
            config.put("modes", chosen.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
            config.put("folds", folds);
            config.put("seeds", seeds);
            config.put("fine_tuning", Map.of("epochs", epochs, "learning_rate", learningRate, "optimizer", optimizer,
                    "batch", batch, "train_blocks", trainBlocks, "freeze_bn", freezeBatchNorm, "input_size",
                    fineTuneSize));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("config.json").toFile(), config);
        }
    }

    /** {@code transfer cka}: the layer-by-layer linear CKA of two encoders (cka.csv, cka-wide.csv, report.html). */
    @Command(name = "cka", mixinStandardHelpOptions = true,
            description = "Layer-by-layer linear CKA between two encoders on the same images.")
    static final class CkaCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Inputs inputs;

        @Option(names = "--encoder", required = true, paramLabel = "E",
                description = "the two encoders to compare (give --encoder twice; once compares it with itself)")
        List<String> encoders;

        @Option(names = "--max-images", defaultValue = "500",
                description = "images used, spread evenly over the data (default: ${DEFAULT-VALUE})")
        int maxImages;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (must not exist)")
        Path out;

        /** Computes and writes the CKA matrix. */
        @Override
        public Integer call() throws IOException {
            if (encoders.size() > 2) {
                throw new ParameterException(spec.commandLine(), "give one or two --encoder, got " + encoders.size());
            }
            if (maxImages < 2) {
                throw new ParameterException(spec.commandLine(), "--max-images must be >= 2, got " + maxImages);
            }
            List<EncoderSpec> specs = specs(spec, encoders, null);
            EncoderResolver resolver = inputs.resolver();
            specs.forEach(resolver::check);
            try (ImageSource all = inputs.open(); NDManager manager = NDManager.newBaseManager()) {
                createNew(out);
                ImageSource source = SourceView.evenlySpaced(all, maxImages);
                Encoder first = whole(resolver, specs.getFirst(), manager);
                Encoder second = specs.size() == 1 ? first : whole(resolver, specs.get(1), manager);
                RepresentationAnalysis.CkaMatrix cka;
                try {
                    EncoderBlocks a = EncoderBlocks.of(first);
                    cka = RepresentationAnalysis.cka(a, first == second ? a : EncoderBlocks.of(second), source, 32)
                            .withNames(specs.getFirst().label(), specs.getLast().label());
                } finally {
                    closeIfNeeded(first);
                    if (second != first) {
                        closeIfNeeded(second);
                    }
                }
                cka.table().write().csv(out.resolve("cka.csv").toFile());
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

        private Encoder whole(EncoderResolver resolver, EncoderSpec encoderSpec, NDManager manager) {
            if (encoderSpec.truncation().isPresent()) {
                throw new ParameterException(spec.commandLine(), "cka compares whole encoders block by block; drop @"
                        + encoderSpec.truncation().get() + " from " + encoderSpec);
            }
            return resolver.create(encoderSpec, manager);
        }
    }
}

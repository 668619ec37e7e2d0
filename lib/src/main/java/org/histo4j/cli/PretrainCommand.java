package org.histo4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.train.DivergedException;
import org.histo4j.train.MultiTaskTrainer;
import org.histo4j.train.PretrainConfig;
import org.histo4j.train.PretrainSummary;
import org.histo4j.train.config.DataConfig;
import org.histo4j.train.config.HeadSpec;
import org.histo4j.train.config.LrSchedule;
import org.histo4j.train.config.SamplerKind;
import org.histo4j.train.optim.OptimizerKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code histo4j pretrain}: multi-task pre-training of an encoder on a pool of tasks into a run directory
 * (config.json, metrics.csv, checkpoints, summary.json), resumable with {@code --resume}.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train an encoder on a pool of tasks (one head per task) into a run directory.")
public final class PretrainCommand implements Callable<Integer>, EngineCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pool", defaultValue = DataConfig.SYNTHETIC,
            description = "A pool manifest (JSON) or 'synthetic' for the embedded synthetic pool (default: ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--data-root", description = "Folder with one sub-folder per task of a manifest pool (default: the manifest's folder).")
    String dataRoot;

    @Option(names = "--tasks", split = ",", description = "Train on these tasks of the pool only, comma-separated (default: all).")
    List<String> tasks = List.of();

    @Option(names = "--images-per-class", defaultValue = "0",
            description = "Synthetic pool only: images per class (default: the pool's 400).")
    int imagesPerClass;

    @Option(names = "--arch", required = true, description = "Encoder: resnet18, resnet34, resnet50, densenet121, nic.")
    String arch;

    @Option(names = "--truncate-after", description = "Cut the encoder after this block (e.g. layer3).")
    String truncateAfter;

    @Option(names = "--steps", required = true, description = "Optimisation steps.")
    long steps;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "64", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--head", defaultValue = "linear", description = "linear or mlp(H) (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Encoder learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "constant, step (x0.1 after each third) or cosine (default: ${DEFAULT-VALUE}).")
    LrSchedule schedule;

    @Option(names = "--lr-warmup-steps", defaultValue = "0",
            description = "Cosine schedule: steps of linear learning-rate warm-up (default: ${DEFAULT-VALUE}).")
    int lrWarmupSteps;

    @Option(names = "--head-lr-mult", defaultValue = "1",
            description = "Heads learn this many times faster (the paper: 1, 5, 10; default: ${DEFAULT-VALUE}).")
    float headLrMult;

    @Option(names = "--no-head-scaling", description = "Do not rescale head gradients by B/|B_t| (for comparison).")
    boolean noHeadScaling;

    @Option(names = "--warmup-steps", defaultValue = "0",
            description = "First steps train the heads only, encoder frozen (default: ${DEFAULT-VALUE}).")
    int warmupSteps;

    @Option(names = "--bn-adapt-batches", defaultValue = "0",
            description = "Adapt batch-norm statistics on this many batches first (default: ${DEFAULT-VALUE} = off).")
    int bnAdaptBatches;

    @Option(names = "--pcgrad", description = "Combine the tasks' encoder gradients with PCGrad.")
    boolean pcGrad;

    @Option(names = "--sampler", defaultValue = "task-uniform",
            description = "task-uniform, image-uniform or round-robin (default: ${DEFAULT-VALUE}).")
    SamplerKind sampler;

    @Option(names = "--no-augment", description = "No random flips and rotations.")
    boolean noAugment;

    @Option(names = "--stain-augment", paramLabel = "STRENGTH", defaultValue = "0",
            description = "Macenko stain augmentation of training images, strength in [0, 1], e.g. 0.1 (default:"
                    + " ${DEFAULT-VALUE} = none).")
    double stainAugment;

    @Option(names = "--validation-images", defaultValue = "200",
            description = "At most this many validation images per task (0 = all; default: ${DEFAULT-VALUE}).")
    int validationImages;

    @Option(names = "--eval-every", defaultValue = "100", description = "Validate every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Write the last checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--workers", defaultValue = "2", description = "Threads preparing batches (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--out", required = true, description = "The run directory (must not exist unless --resume).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    /** Trains and prints the final validation accuracy per task. */
    @Override
    public Integer call() {
        PretrainConfig config = config();
        OptionChecks.of(spec).atLeast("--workers", workers, 1);
        PretrainSummary summary;
        try {
            summary = MultiTaskTrainer.builder(config).optWorkers(workers).build().train(out, resume);
        } catch (DivergedException e) {
            throw new Histo4jException(e.withHint("lower --lr (the last good checkpoint is kept in " + out + ")"), e);
        }
        print(summary);
        return 0;
    }

    /** The configuration the options describe; a bad value is a usage error naming it. */
    PretrainConfig config() {
        try {
            return PretrainConfig.builder().setArch(arch).setSteps(steps).optTruncateAfter(truncateAfter).optPool(pool)
                    .optDataRoot(dataRoot).optTasks(tasks).optImagesPerClass(imagesPerClass).optImageSize(size)
                    .optHead(HeadSpec.parse(head)).optBatchSize(batch).optOptimizer(optimizer)
                    .optLearningRate(lr).optMomentum(momentum).optWeightDecay(weightDecay)
                    .optLrSchedule(schedule).optLrWarmupSteps(lrWarmupSteps)
                    .optHeadLrMultiplier(headLrMult).optHeadGradientScaling(!noHeadScaling)
                    .optFrozenEncoderSteps(warmupSteps).optBnAdaptBatches(bnAdaptBatches)
                    .optPcGrad(pcGrad).optSampler(sampler)
                    .optAugment(!noAugment).optStainAugment(stainAugment).optValidationImagesPerTask(validationImages).optEvalEvery(evalEvery)
                    .optCheckpointEvery(checkpointEvery).optSeed(seed).optDevice(deviceOptions.devices().toString()).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), inOptionWords(e.getMessage()), e);
        }
    }

    /** A configuration message as a command-line user reads it: "optImageSize: 96 ..." becomes "--size: 96 ...". */
    static String inOptionWords(String message) {
        int colon = message.indexOf(':');
        String option = colon < 0 ? null : OPTION_OF_BUILDER_METHOD.get(message.substring(0, colon));
        return option == null ? message : option + message.substring(colon);
    }

    private static final Map<String, String> OPTION_OF_BUILDER_METHOD = Map.ofEntries(Map.entry("setArch", "--arch"),
            Map.entry("setSteps", "--steps"), Map.entry("optTruncateAfter", "--truncate-after"),
            Map.entry("optPool", "--pool"), Map.entry("optImagesPerClass", "--images-per-class"),
            Map.entry("optImageSize", "--size"), Map.entry("optHead", "--head"), Map.entry("optBatchSize", "--batch"),
            Map.entry("optLearningRate", "--lr"), Map.entry("optMomentum", "--momentum"),
            Map.entry("optWeightDecay", "--weight-decay"), Map.entry("optLrWarmupSteps", "--lr-warmup-steps"),
            Map.entry("optHeadLrMultiplier", "--head-lr-mult"), Map.entry("optFrozenEncoderSteps", "--warmup-steps"),
            Map.entry("optBnAdaptBatches", "--bn-adapt-batches"), Map.entry("optValidationImagesPerTask",
                    "--validation-images"), Map.entry("optEvalEvery", "--eval-every"),
            Map.entry("optCheckpointEvery", "--checkpoint-every"), Map.entry("optStainAugment", "--stain-augment"));

    /** Prints a summary: the best checkpoint, then the final validation accuracy of each task. */
    private void print(PretrainSummary summary) {
        PrintWriter out = spec.commandLine().getOut();
        if (summary.bestStep() < 0) {
            out.printf(Locale.ROOT, "%s: %d steps in %.0f s; no validation score (no task has validation images)%n",
                    summary.runDir(), summary.steps(), summary.seconds());
        } else {
            out.printf(Locale.ROOT, "%s: %d steps in %.0f s; best mean validation accuracy %.4f at step %d%n",
                    summary.runDir(), summary.steps(), summary.seconds(), summary.bestMeanValidationAccuracy(),
                    summary.bestStep());
        }
        for (Map.Entry<String, Double> task : summary.validationAccuracy().entrySet()) {
            out.printf(Locale.ROOT, "  %-28s validation accuracy %.4f%n", task.getKey(), task.getValue());
        }
        out.flush();
    }
}

package org.histo4j.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.model.Encoders;
import org.histo4j.model.bench.BenchConfig;
import org.histo4j.model.bench.BenchMode;
import org.histo4j.model.bench.BenchResult;
import org.histo4j.model.bench.BenchTable;
import org.histo4j.model.bench.DjlBenchmark;
import org.histo4j.model.bench.EngineThreads;
import org.histo4j.model.bench.PyTorchBenchmark;
import org.histo4j.train.ResumableOptimizer;
import org.histo4j.train.optim.OptimizerKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code histo4j bench}: speed measurements. {@code bench train} and {@code bench infer} time an encoder with a
 * 1000-class linear head on DJL and the same model under PyTorch (torchvision's, or NIC built by the script), side by
 * side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed: training or inference beside PyTorch, the data pipeline, tile reading beside C.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class, BenchDataCommand.class, BenchTilesCommand.class,
                BenchEncodeCommand.class, BenchStainCommand.class})
public final class BenchCommand implements Runnable {

    /** The PyTorch script, relative to the repository. */
    static final String SCRIPT = "environment/bench_pytorch.py";
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: train, infer, data or tiles");
    }

    /** The options shared by {@code train} and {@code infer}. */
    static final class Options {
        @Option(names = "--arch", defaultValue = "resnet18", description = "Encoder architecture: resnet18, resnet34,"
                + " resnet50, densenet121, nic (default: ${DEFAULT-VALUE}).")
        String architecture;

        @Option(names = "--size", split = ",", defaultValue = "64,96,224",
                description = "Image sizes in pixels, comma-separated (default: ${DEFAULT-VALUE}).")
        List<Integer> sizes;

        @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps per size; histo4j adds steps"
                + " until the JIT is quiet, at most 30 (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--iterations", defaultValue = "25", description = "Timed steps per size; with few (8) the"
                + " ratio to PyTorch varied by up to 20%% between rounds on 2 cores (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--repeat", defaultValue = "1", description = "Rounds of both engines, alternating; the"
                + " table keeps each one's fastest round (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--no-pytorch", description = "Skip the PyTorch side (environment/bench_pytorch.py).")
        boolean noPytorch;
    }

    /** Runs a benchmark in one mode and prints both engines' results and the side-by-side table. */
    abstract static class ModeCommand implements Callable<Integer>, EngineCommand {
        @Mixin
        Options options;

        @Mixin
        DeviceOptions deviceOptions;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The mode this subcommand measures. */
        abstract BenchMode mode();

        @Override
        public Integer call() {
            BenchConfig config = config();
            Device device = deviceOptions.devices().first();
            PrintWriter out = spec.commandLine().getOut();
            int threads = EngineThreads.configure(config.threads());
            out.println(header(config, threads, device));
            String loadBefore = loadAverage();
            List<BenchResult> ours = new ArrayList<>();
            List<BenchResult> theirs = new ArrayList<>();
            for (int round = 1; round <= options.repeat; round++) {
                if (options.repeat > 1) {
                    out.println("round " + round + " of " + options.repeat + " (load average " + loadAverage() + ")");
                }
                ours.addAll(histo4j(config, device, out));
                theirs.addAll(pytorch(config, out, round == 1));
            }
            out.println();
            out.print(BenchTable.format(BenchResult.bestPerSize(ours), BenchResult.bestPerSize(theirs)));
            out.println("load average (1 min) before / after: " + loadBefore + " / " + loadAverage());
            out.flush();
            return 0;
        }

        private BenchConfig config() {
            OptionChecks.of(spec).check(Encoders.ARCHITECTURES.contains(options.architecture.toLowerCase(Locale.ROOT)),
                    "--arch must be one of " + Encoders.ARCHITECTURES + ", got " + options.architecture)
                    .atLeast("--repeat", options.repeat, 1)
                    .check(options.sizes.stream().allMatch(size -> size >= 1), "--size must be positive pixel counts, "
                            + "got " + options.sizes)
                    .atLeast("--batch", options.batch, 1).atLeast("--threads", options.threads, 1)
                    .atLeast("--warmup", options.warmup, 0).atLeast("--iterations", options.iterations, 1);
            return new BenchConfig(options.architecture.toLowerCase(Locale.ROOT), mode(), options.sizes,
                    options.batch, options.threads, options.warmup, options.iterations);
        }

        private static List<BenchResult> histo4j(BenchConfig config, Device device, PrintWriter out) {
            List<BenchResult> results = new ArrayList<>();
            for (int size : config.sizes()) {
                BenchResult result = new DjlBenchmark(config, device, BenchCommand::pretrainingSgd).run(size);
                out.println(line(result));
                out.flush();
                results.add(result);
            }
            return results;
        }

        private List<BenchResult> pytorch(BenchConfig config, PrintWriter out, boolean describe) {
            if (options.noPytorch) {
                return List.of();
            }
            PyTorchBenchmark runner = PyTorchBenchmark.of(Paths.repository().resolve(SCRIPT));
            if (describe) {
                out.println("PyTorch: " + String.join(" ", runner.command(config)) + " (LD_PRELOAD "
                        + PyTorchBenchmark.tcmalloc().map(Path::toString).orElse("none") + ")");
                out.flush();
            }
            List<BenchResult> results = runner.run(config);
            results.forEach(r -> out.println(line(r)));
            return results;
        }
    }

    /** {@code histo4j bench train}: forward, cross-entropy, backward and an SGD momentum step. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Time training steps (forward, softmax cross-entropy, backward, SGD with momentum).")
    static final class Train extends ModeCommand {
        @Override
        BenchMode mode() {
            return BenchMode.TRAIN;
        }
    }

    /** {@code histo4j bench infer}: forward passes in inference mode without gradients. */
    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Time inference (forward passes without gradients).")
    static final class Infer extends ModeCommand {
        @Override
        BenchMode mode() {
            return BenchMode.INFER;
        }
    }

    private static String header(BenchConfig config, int threads, Device device) {
        String engineThreads = "PyTorch".equals(Engine.getInstance().getEngineName())
                ? "libtorch intra-op " + threads + ", inter-op " + JniUtils.getNumInteropThreads() : threads + " threads";
        return String.format(Locale.ROOT, "bench %s: %s + linear(%d), batch %d, %s, device %s, tcmalloc in this JVM: %s,"
                        + " OMP_WAIT_POLICY %s (the PyTorch child inherits it), warmup %d, iterations %d%s",
                config.mode().cliName(), config.architecture(), BenchConfig.CLASSES, config.batch(), engineThreads,
                device, PyTorchBenchmark.jvmHasTcmalloc() ? "yes" : "no",
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"), config.warmup(), config.iterations(),
                config.mode() == BenchMode.TRAIN ? ", update: pre-training's SGD (momentum 0.9)"
                        : ", kernels channels-last as in feature extraction");
    }

    /**
     * The update pre-training makes ({@link ResumableOptimizer}, SGD with the benchmark's rate and momentum), so the
     * timed training step is the one users run.
     */
    static Optimizer pretrainingSgd(NDManager manager) {
        return new ResumableOptimizer(OptimizerKind.SGD, Tracker.fixed(DjlBenchmark.LEARNING_RATE),
                DjlBenchmark.MOMENTUM, 0f, manager);
    }

    private static String line(BenchResult r) {
        return String.format(Locale.ROOT, "%-8s %4d px: %8.1f img/s %7.1f GFLOP/s (after %d warm-up steps)", r.engine(),
                r.size(), r.imagesPerSecond(), r.gflopsPerSecond(), r.warmupSteps());
    }

    /** The 1-minute load average of the machine, or {@code ?} where /proc/loadavg is unavailable. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}

package org.histo4j.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.PoolSplits;
import org.histo4j.data.Split;
import org.histo4j.data.TaskPool;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.stain.StainAugmentation;
import org.histo4j.data.batch.BatchLoader;
import org.histo4j.data.batch.BatchStream;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.TaskHead;
import org.histo4j.train.config.DataConfig;
import org.histo4j.train.config.EvaluationConfig;
import org.histo4j.train.config.HeadSpec;
import org.histo4j.train.run.CheckpointKind;
import org.histo4j.train.run.RunDirectory;
import org.histo4j.train.run.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-task pre-training (Mormont, Geurts and Marée): one shared encoder and one head per task of a pool, trained
 * on batches that mix tasks, with the loss L = (1/B) Σ cross-entropy of each sample on its own head (see
 * {@link MultiTaskLoss}), each head's gradient rescaled by B/|B_t| (heads absent from a batch not updated at all),
 * an optional head learning-rate multiplier, warm-up of the heads with the encoder frozen (weights and batch-norm
 * statistics), batch-norm adaptation before training, and optional PCGrad on the encoder.
 *
 * <p>The run lives in a directory (see {@link RunDirectory}): {@code config.json}; {@code metrics.csv} with, per
 * step, the batch loss ({@code all,loss}) and, every {@code evalEvery} steps, per task {@code train_loss},
 * {@code train_accuracy} (over the steps since the previous evaluation), {@code val_loss}, {@code val_accuracy},
 * plus {@code all,lr}, {@code all,val_loss} and {@code all,val_accuracy} (means over tasks); checkpoints
 * {@code last} (every {@code checkpointEvery} steps) and {@code best} (highest mean validation accuracy), each
 * holding the network and the optimiser state; {@code summary.json} at the end.
 *
 * <p>Resuming ({@code resume = true}) restores the network, the optimiser state (momentum or Adam moments and
 * update counts) and the running training metrics of the last checkpoint, and draws batch {@code k} exactly as the
 * uninterrupted run did (batches depend only on the seed and k; the engine's random generator is reseeded from the
 * seed and the step at every step), so an interrupted and resumed run writes the same {@code metrics.csv} and
 * ends with the same parameters as an uninterrupted one.
 *
 * <p>With PCGrad each task's samples are forwarded and back-propagated on their own (so batch-norm layers see
 * per-task sub-batches), and the encoder's gradient is the sum of the PCGrad-projected per-task gradients.
 *
 * <pre>{@code
 * PretrainConfig config = PretrainConfig.builder().setArch("resnet18").optTruncateAfter("layer1").optImageSize(32)
 *         .setSteps(200).optLearningRate(0.05f).optValidationImagesPerTask(50).build();
 * PretrainSummary summary = MultiTaskTrainer.run(config, Path.of("runs/quick"), false);
 * Table curves = summary.metric("val_accuracy");
 *
 * // heads of your own, e.g. dropout before the linear layer:
 * MultiTaskTrainer.builder(config).optHeads(classes -> TaskHead.of("dropout-linear(" + classes + ")", classes,
 *         new SequentialBlock().add(Dropout.builder().optRate(0.5f).build())
 *                 .add(Linear.builder().setUnits(classes).build()))).build().train(Path.of("runs/dropout"), false);
 * }</pre>
 */
public final class MultiTaskTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MultiTaskTrainer.class);

    private final PretrainConfig config;
    private final IntFunction<TaskHead> heads;
    private final boolean customHeads;
    private final long stopAfter;
    private final int workers;
    private final PrintStream progress;

    private MultiTaskTrainer(Builder builder) {
        this.config = builder.config;
        this.heads = builder.heads;
        this.customHeads = builder.customHeads;
        this.stopAfter = builder.stopAfter;
        this.workers = builder.workers;
        this.progress = builder.progress;
    }

    /** A trainer for {@code config}; options: custom heads, stopping early, data threads, progress output. */
    public static Builder builder(PretrainConfig config) {
        return new Builder(config);
    }

    /** Trains (or, with {@code resume}, continues) the run of {@code config} in {@code runDir}. */
    public static PretrainSummary run(PretrainConfig config, Path runDir, boolean resume) {
        return builder(config).build().train(runDir, resume);
    }

    /**
     * Trains in {@code runDir}: a new run refuses an existing non-empty directory; a resumed run refuses a
     * directory made with another configuration or whose checkpoint is of another architecture.
     */
    public PretrainSummary train(Path runDir, boolean resume) {
        try (TaskPool pool = PoolOpener.open(config)) {
            MultiTaskNetwork network = network(pool);
            PretrainConfig recorded = recordedConfig(network);
            try (RunDirectory run = resume ? RunDirectory.resume(runDir, recorded, PretrainConfigFile::upgrade)
                    : RunDirectory.create(runDir, recorded);
                    TrainingSession session = TrainingSession.open(replicaNetworks(network, pool), pool.taskNames(),
                            config, devices().devices())) {
                return new Loop(pool, run, session).execute();
            }
        }
    }

    /** The devices the configuration names, or the GPUs the engine sees, else the CPU. */
    private Devices devices() {
        return config.device() == null ? Devices.auto() : Devices.parse(config.device());
    }

    /** {@code first}, then a new network of the same layout for each further replica. */
    private Supplier<MultiTaskNetwork> replicaNetworks(MultiTaskNetwork first, TaskPool pool) {
        boolean[] given = {false};
        return () -> {
            if (!given[0]) {
                given[0] = true;
                return first;
            }
            return network(pool);
        };
    }

    private MultiTaskNetwork network(TaskPool pool) {
        Encoder encoder = config.model().newEncoder();
        List<TaskHead> list = new ArrayList<>();
        for (int classes : pool.classCounts()) {
            list.add(heads.apply(classes));
        }
        return MultiTaskNetwork.of(encoder, list);
    }

    private PretrainConfig recordedConfig(MultiTaskNetwork network) {
        if (!customHeads) {
            return config;
        }
        HeadSpec described = new HeadSpec.Custom(IntStream.range(0, network.numTasks())
                .mapToObj(t -> network.head(t).description()).toList());
        return config.model().head().equals(described) ? config : config.toBuilder().optHead(described).build();
    }

    /** The state of one training session over a run directory. */
    private final class Loop {
        private final RunDirectory run;
        private final TrainingSession session;
        private final List<String> tasks;
        private final BatchLoader loader;
        private final Evaluator evaluator;
        private final RunningMetrics metrics;
        private double bestScore;
        private long bestStep;
        private Evaluator.Scores lastScores;
        private final DivergenceWatch watch;
        private long timeMark;
        private final long steps = config.schedule().steps();
        private final int batchSize = config.optimisation().batchSize();

        Loop(TaskPool pool, RunDirectory run, TrainingSession session) {
            this.run = run;
            this.session = session;
            this.tasks = pool.taskNames();
            this.watch = new DivergenceWatch(tasks);
            DataConfig data = config.data();
            PoolSplits splits = PoolSplits.grouped(pool, data.validationFraction(), data.testFraction(), config.seed());
            this.loader = BatchLoader.builder().setSampler(config.data().sampler().over(splits.view(Split.TRAIN)))
                    .setAugmentation(augmentation())
                    .setBatchSize(batchSize).optNormalization(session.network().encoder().normalization())
                    .optSeed(config.seed()).optFailurePolicy(ImageFailurePolicy.SKIP).build();
            warnWithoutValidation(splits);
            this.evaluator = Evaluator.of(splits, config.evaluation().validationImagesPerTask(),
                    loader.pipeline().withSize(data.imageSize()), batchSize, config.seed());
            TrainingState state = run.resumedState().orElse(null);
            this.metrics = RunningMetrics.restore(tasks.size(), state);
            this.bestScore = state == null ? Double.NaN : state.bestScore();
            this.bestStep = state == null ? -1 : state.bestStep();
        }

        /** Says at the start, not as a NaN at the end, which tasks have no validation images. */
        private void warnWithoutValidation(PoolSplits splits) {
            for (int t = 0; t < tasks.size(); t++) {
                if (splits.indices(t, Split.VALIDATION).length == 0) {
                    LOG.warn("task {} has no validation images: its {} training images are too few for a validation "
                            + "fraction of {}; its validation accuracy will be n/a (use more images per class)",
                            tasks.get(t), splits.indices(t, Split.TRAIN).length, config.data().validationFraction());
                }
            }
        }

        PretrainSummary execute() {
            long start = prepare();
            long end = Math.min(steps, stopAfter);
            long began = System.nanoTime();
            timeMark = began;
            double waited = 0;
            if (start < end) {
                try (BatchStream stream = loader.stream(start + 1, workers, 2 * workers + 2);
                        DeviceFeed feed = new DeviceFeed(stream::nextHost, session.replicaManagers());
                        TrainingProgress bar = progressFrom(start + 1)) {
                    for (long step = start + 1; step <= end; step++) {
                        try (DeviceBatch batch = feed.next()) {
                            bar.setLoaderWait(feed.waitedSeconds() / ((System.nanoTime() - began) / 1e9));
                            trainStep(step, batch, bar);
                        }
                    }
                    waited = feed.waitedSeconds();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            clock();
            if (lastScores == null) {
                lastScores = evaluator.evaluate(session.network(), session.manager());
            }
            boolean completed = end == steps;
            PretrainSummary summary = new PretrainSummary(run.path().toString(), completed, Math.max(start, end),
                    metrics.seconds(), PretrainSummary.accuracies(tasks, lastScores), lastScores.meanAccuracy(),
                    bestStep, bestScore, seconds > 0 ? waited / seconds : 0, false);
            if (completed) {
                run.writeSummary(summary);
            }
            return summary;
        }

        /** Adds the time since the last mark to the run's seconds (kept in checkpoints, so over resumes). */
        private void clock() {
            long now = System.nanoTime();
            metrics.addSeconds((now - timeMark) / 1e9);
            timeMark = now;
        }

        /**
         * Stops a run whose loss or parameters are no longer finite: {@code summary.json} says diverged, the last
         * checkpoint (the last good one, as no checkpoint is written with non-finite parameters) is kept.
         */
        private void refuseDivergence(long step, TrainingSession.StepResult result) {
            Optional<DivergedException> diverged = watch.check(step, result, session::parametersFinite);
            if (diverged.isEmpty()) {
                return;
            }
            clock();
            Evaluator.Scores none = lastScores;
            run.writeSummary(new PretrainSummary(run.path().toString(), false, step - 1, metrics.seconds(),
                    none == null ? Map.of() : PretrainSummary.accuracies(tasks, none),
                    none == null ? Double.NaN : none.meanAccuracy(), bestStep, bestScore, Double.NaN, true));
            throw diverged.get();
        }

        /** Restores the last checkpoint of a resumed run, or adapts batch norms of a new one; the step reached. */
        private long prepare() {
            if (run.resumedState().isPresent()) {
                return run.restore(CheckpointKind.LAST, session::load).step();
            }
            if (config.schedule().bnAdaptBatches() > 0) {
                List<HostBatch> batches = new ArrayList<>();
                for (int k = 1; k <= config.schedule().bnAdaptBatches(); k++) {
                    batches.add(loader.prepare(-k));
                }
                session.adaptBatchNorm(batches);
            }
            return 0;
        }

        private TrainingProgress progressFrom(long first) {
            int every = Math.max(1, Math.min(config.evaluation().evalEvery(), 50));
            return progress == null ? TrainingProgress.auto("pre-training", first, steps, every)
                    : TrainingProgress.lines(progress, first, steps, every, System::nanoTime);
        }

        private void trainStep(long step, DeviceBatch batch, TrainingProgress bar) {
            boolean frozen = step <= config.schedule().frozenEncoderSteps();
            TrainingSession.StepResult result = session.step(step, batch, frozen, config.optimisation().pcGrad());
            boolean checkpoint = step % config.evaluation().checkpointEvery() == 0 || step == steps
                    || step == stopAfter;
            if (checkpoint || !Double.isFinite(result.loss())) {
                refuseDivergence(step, result); // parameters are checked before a checkpoint could keep them
            } else {
                watch.noteLoss(result.loss());
            }
            run.log(step, "all", "loss", result.loss());
            metrics.add(result);
            bar.update(step, result.loss(), batch.host().count());
            double score = Double.NaN;
            EvaluationConfig evaluation = config.evaluation();
            if (step % evaluation.evalEvery() == 0 || step == steps) {
                score = evaluate(step);
            }
            boolean better = !Double.isNaN(score) && (Double.isNaN(bestScore) || score > bestScore);
            if (better) {
                bestScore = score;
                bestStep = step;
            }
            if (better && !checkpoint) {
                refuseDivergence(step, result);
            }
            if (better || checkpoint) {
                clock();
                run.checkpoint(TrainingState.at(step, metrics.toCounters(), Map.of()), score, session::save);
            }
        }

        private double evaluate(long step) {
            lastScores = evaluator.evaluate(session.network(), session.manager());
            for (int t = 0; t < tasks.size(); t++) {
                String task = tasks.get(t);
                if (metrics.count(t) > 0) {
                    run.log(step, task, "train_loss", metrics.meanLoss(t));
                    run.log(step, task, "train_accuracy", metrics.accuracy(t));
                }
                if (lastScores.count()[t] > 0) {
                    run.log(step, task, "val_loss", lastScores.loss()[t]);
                    run.log(step, task, "val_accuracy", lastScores.accuracy()[t]);
                }
            }
            run.log(step, "all", "lr", session.encoderRate(step));
            run.log(step, "all", "val_loss", lastScores.meanLoss());
            run.log(step, "all", "val_accuracy", lastScores.meanAccuracy());
            metrics.reset();
            return lastScores.meanAccuracy();
        }

        private Augmentation augmentation() {
            Augmentation.Builder builder = Augmentation.builder().setSize(config.data().imageSize());
            if (config.data().stainAugment() > 0) {
                builder.addTransform(StainAugmentation.of(config.data().stainAugment()));
            }
            return config.data().augment() ? builder.optFlips().optRotations().build() : builder.build();
        }
    }

    /** Configures a {@link MultiTaskTrainer}. */
    public static final class Builder {
        private final PretrainConfig config;
        private IntFunction<TaskHead> heads;
        private long stopAfter = Long.MAX_VALUE;
        private int workers = 2;
        private PrintStream progress;
        private boolean customHeads;

        private Builder(PretrainConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config is required");
            }
            this.config = config;
            this.heads = config.model().head() instanceof HeadSpec.Custom ? null : config.model().head()::create;
        }

        /**
         * Heads of your own: {@code classes -> TaskHead.of("dropout-linear(" + classes + ")", classes, block)}
         * (a new head per call); {@code config.json} records their descriptions as {@code custom:...}.
         */
        public Builder optHeads(IntFunction<TaskHead> value) {
            heads = value;
            customHeads = true;
            return this;
        }

        /** Stop (with a checkpoint) after this step, to be resumed later (default: run all steps). */
        public Builder optStopAfter(long step) {
            if (step < 1) {
                throw new IllegalArgumentException("stopAfter must be >= 1, got " + step);
            }
            stopAfter = step;
            return this;
        }

        /** Threads preparing batches ahead (default 2); does not change the numbers. */
        public Builder optWorkers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + value);
            }
            workers = value;
            return this;
        }

        /** Plain progress lines on {@code out} (default: a bar on a terminal, else lines on standard output). */
        public Builder optProgress(PrintStream out) {
            progress = out;
            return this;
        }

        /** Builds the trainer. */
        public MultiTaskTrainer build() {
            if (heads == null) {
                throw new IllegalArgumentException("the configuration's heads are " + config.model().head().describe()
                        + ": give the same heads with optHeads(...)");
            }
            return new MultiTaskTrainer(this);
        }
    }
}

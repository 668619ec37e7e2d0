package org.histo4j.transfer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.histo4j.data.ImageSource;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.source.MemoizedSource;
import org.histo4j.data.stain.NormalizedSource;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import tech.tablesaw.api.Table;

/**
 * The transfer protocol over encoders and modes on one image source: for every encoder, every seed and every
 * outer fold of {@link GroupKFold} (the same folds for every encoder and mode, drawn from the seed), a linear probe
 * on frozen features (extracted once, cached with provenance) and/or a fine-tuned network
 * ({@link FineTuner}, mode {@code finetune}). The result is a long {@link TransferResults} (fine-tuning adds the
 * metric {@code best_epoch}) and, for fine-tuning, the learning curves.
 *
 * <pre>{@code
 * TransferEvaluation evaluation = TransferEvaluation.builder()
 *         .addEncoder(EncoderSpec.parse("random:resnet18:0")).addEncoder(EncoderSpec.parse("nic"))
 *         .optModes(EnumSet.of(TransferEvaluation.Mode.LINEAR, TransferEvaluation.Mode.FINETUNE))
 *         .optFolds(5).optSeeds(5).optCacheDir(Path.of("cache")).build();
 * TransferEvaluation.Outcome outcome = evaluation.evaluate(source, "synthetic:syn-target-gland-grade");
 * Table summary = TransferTables.summary(outcome.results(), Metric.ACCURACY);
 * }</pre>
 */
public final class TransferEvaluation {

    /** Decoded images kept in memory across fine-tuning's folds and seeds (bytes). */
    private static final long IMAGE_BUDGET_BYTES = 256L << 20;

    /** The metric name under which fine-tuning records the epoch it kept. */
    public static final String BEST_EPOCH = "best_epoch";

    /** How an encoder is evaluated. */
    public enum Mode {
        /** A linear probe on frozen features ({@link LinearProbe}). */
        LINEAR,
        /** Fine-tuning with a new linear head ({@link FineTuner}). */
        FINETUNE;

        /** Parses {@code linear} or {@code finetune}. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown mode '" + text + "'; expected linear or finetune", e);
            }
        }
    }

    /**
     * An encoder to evaluate: its name in results and a factory making a fresh, initialised copy in a manager.
     *
     * @param name the name in the {@code encoder} column
     * @param factory makes the encoder (fine-tuning calls it once per fit)
     * @param fresh whether every call makes new weights (false for a wrapped instance: not fine-tunable)
     */
    public record Candidate(String name, Function<NDManager, Encoder> factory, boolean fresh) {}

    /**
     * What an evaluation produced.
     *
     * @param results the long results of every encoder, mode, seed, fold and metric
     * @param learningCurves fine-tuning's curves: encoder, task, mode, seed, fold, epoch, train_loss,
     *     validation_score, best
     */
    public record Outcome(TransferResults results, Table learningCurves) {

        /** These outcomes followed by {@code other}'s. */
        public Outcome append(Outcome other) {
            return new Outcome(results.append(other.results), learningCurves.copy().append(other.learningCurves));
        }
    }

    private final List<Candidate> candidates;
    private final Set<Mode> modes;
    private final int folds;
    private final long[] seeds;
    private final LinearProbe probe;
    private final FineTuner.Builder fineTuning;
    private final Path cacheDir;
    private final Consumer<String> log;
    private final Device device;
    private final StainNormalizer stain;

    private TransferEvaluation(Builder b) {
        this.candidates = List.copyOf(b.candidates);
        this.modes = EnumSet.copyOf(b.modes);
        this.folds = b.folds;
        this.seeds = b.seeds.clone();
        this.probe = b.probe.optFolds(b.folds).optSplitter(new GroupKFold()).build();
        this.device = b.device;
        this.fineTuning = device == null ? b.fineTuning : b.fineTuning.optDevice(device);
        this.cacheDir = b.cacheDir;
        this.log = b.log;
        this.stain = b.stain;
    }

    /** A builder: at least one encoder; defaults: linear mode, 5 folds, seeds 0..4, no cache. */
    public static Builder builder() {
        return new Builder();
    }

    /** The outer folds of one seed, shared by every encoder and mode. */
    public List<Fold> folds(ImageSource source, long seed) {
        return new GroupKFold().split(source.labels(), source.groups(), folds, seed);
    }

    /** Evaluates every encoder in every mode on {@code source}; {@code description} names the data in caches. */
    public Outcome evaluate(ImageSource source, String description) {
        return evaluate(source, description, TransferProgress.none());
    }

    /**
     * Evaluates as {@link #evaluate(ImageSource, String)}, taking the units {@code progress} holds as finished and
     * handing it each unit computed (see {@link TransferProgress}); the outcome lists every unit in the same order.
     */
    public Outcome evaluate(ImageSource source, String description, TransferProgress progress) {
        Outcome outcome = new Outcome(TransferResults.empty(), LearningCurves.empty());
        ImageSource normalised = stain == StainNormalizer.NONE ? source : new NormalizedSource(source, stain);
        ImageSource kept = modes.contains(Mode.FINETUNE) ? MemoizedSource.of(normalised, IMAGE_BUDGET_BYTES)
                : source;
        for (Candidate candidate : candidates) {
            if (modes.contains(Mode.LINEAR)) {
                outcome = outcome.append(linear(candidate, source, description, progress));
            }
            if (modes.contains(Mode.FINETUNE)) {
                outcome = outcome.append(fineTune(candidate, kept, progress));
            }
        }
        return outcome;
    }

    /** The frozen features of one encoder on {@code source}, from the cache when it is fresh. */
    public FeatureSet features(Candidate candidate, ImageSource source, String description) {
        try (NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            Encoder encoder = candidate.factory().apply(manager);
            try {
                FeatureExtractor extractor = FeatureExtractor.builder().setEncoder(encoder).optStainNormalizer(stain)
                        .build();
                log.accept("features of " + candidate.name() + " on " + source.name());
                return cacheDir == null ? extractor.extract(source, n -> { })
                        : extractor.extractCached(source, description, cacheDir.resolve(cacheName(candidate.name(),
                                source.name())), n -> { });
            } finally {
                if (candidate.fresh()) {
                    encoder.close();
                }
            }
        }
    }

    private Outcome linear(Candidate candidate, ImageSource source, String description, TransferProgress progress) {
        FeatureSet[] features = new FeatureSet[1]; // extracted when the first unit not done before is computed
        return units(candidate, source, probe.mode(), progress, (seed, fold) -> {
            if (features[0] == null) {
                features[0] = features(candidate, source, description);
                log.accept("linear probes of " + candidate.name() + " on " + source.name());
            }
            FoldResult result = probe.evaluate(features[0], fold, seed);
            return new TransferProgress.Unit(TransferStudy.rows(candidate.name(), features[0].task(), probe.mode(),
                    seed, result, TransferStudy.CHOSEN_C, Math.log10(result.c())), LearningCurves.empty());
        });
    }

    private Outcome fineTune(Candidate candidate, ImageSource source, TransferProgress progress) {
        if (!candidate.fresh()) {
            throw new IllegalStateException("encoder " + candidate.name() + " was given as an instance; fine-tuning "
                    + "needs a spec or a factory that makes fresh weights for every fit");
        }
        FineTuner tuner = fineTuning.setEncoders(candidate.factory()).build();
        return units(candidate, source, tuner.mode(), progress, (seed, fold) -> {
            log.accept("fine-tuning " + candidate.name() + " on " + source.name() + ", seed " + seed + ", fold "
                    + fold.index());
            FineTuner.Outcome fit = tuner.fit(source, fold.train(), fold.test(), LinearProbe.derive(seed,
                    fold.index()));
            FoldResult result = FoldResult.of(fold.index(), Double.NaN, fit.test(), source.labels());
            Table curves = LearningCurves.empty();
            LearningCurves.append(curves, candidate.name(), source.name(), tuner.mode(), seed, fold.index(), fit);
            return new TransferProgress.Unit(TransferStudy.rows(candidate.name(), source.name(), tuner.mode(), seed,
                    result, BEST_EPOCH, fit.bestEpoch()), curves);
        });
    }

    /** Every seed and outer fold of one candidate in one mode: the units done before, the others computed. */
    private Outcome units(Candidate candidate, ImageSource source, String mode, TransferProgress progress,
            BiFunction<Long, Fold, TransferProgress.Unit> work) {
        List<TransferProgress.Unit> units = new ArrayList<>();
        for (long seed : seeds) {
            for (Fold fold : folds(source, seed)) {
                units.add(progress.unit(new TransferProgress.Key(candidate.name(), source.name(), mode, seed,
                        fold.index()), () -> work.apply(seed, fold)));
            }
        }
        return TransferProgress.Unit.outcome(units);
    }

    /** The cache file name of an encoder's features on a task (unsafe characters replaced). */
    public static String cacheName(String encoder, String task) {
        return (encoder + "__" + task).replaceAll("[^A-Za-z0-9._@-]", "_") + ".h5";
    }

    /**
     * The quick study on the synthetic target tasks ({@link SyntheticPool#TARGETS}, 64 px, {@code imagesPerClass}
     * images per class): linear probes of each encoder (C in 1e-6..1), results, summary and the significance of
     * every encoder against the first one (the baseline, e.g. a random encoder). Features are cached in
     * {@code out/cache} when {@code out} is not null.
     */
    public static QuickResult quick(List<EncoderSpec> encoders, EncoderResolver resolver, int imagesPerClass,
            int seeds, int folds, Path out) {
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("quick needs at least one encoder spec");
        }
        return quick(builder -> encoders.forEach(spec -> builder.addEncoder(spec, resolver)),
                encoders.getFirst().label(), imagesPerClass, seeds, folds, out);
    }

    /**
     * The quick study of encoder instances by name (in map order, the first being the baseline), e.g. the encoder
     * of a pre-training run next to a random one; see {@link #quick(List, EncoderResolver, int, int, int, Path)}.
     */
    public static QuickResult quickEncoders(Map<String, Encoder> encoders, int imagesPerClass, int seeds, int folds,
            Path out) {
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("quickEncoders needs at least one encoder");
        }
        return quick(builder -> encoders.forEach(builder::addEncoder), encoders.keySet().iterator().next(),
                imagesPerClass, seeds, folds, out);
    }

    private static QuickResult quick(Consumer<Builder> encoders, String baseline, int imagesPerClass, int seeds,
            int folds, Path out) {
        Builder builder = builder().optFolds(folds).optSeeds(seeds).optCacheDir(out == null ? null
                : out.resolve("cache")).optProbe(LinearProbe.builder().optCGrid(LongStream.rangeClosed(-6, 0)
                        .mapToDouble(e -> Math.pow(10, e)).toArray()));
        encoders.accept(builder);
        TransferEvaluation evaluation = builder.build();
        TransferResults results = TransferResults.empty();
        for (SyntheticTask task : SyntheticPool.TARGETS) {
            SyntheticSource source = new SyntheticSource(task.withImagesPerClass(imagesPerClass), 64, 0);
            results = results.append(evaluation.evaluate(source, "synthetic:" + task.name() + ":" + imagesPerClass)
                    .results());
        }
        return new QuickResult(results, TransferTables.summary(results),
                TransferTables.significanceAgainst(results, Metric.ACCURACY, baseline));
    }

    /**
     * The quick study's tables.
     *
     * @param results the long results
     * @param summary mean ± std over seeds with marks against the best (see {@link TransferTables#summary})
     * @param significance every encoder against the baseline, per task (see
     *     {@link TransferTables#significanceAgainst})
     */
    public record QuickResult(TransferResults results, Table summary, Table significance) {

        /** Writes results.csv, summary.csv and significance.csv into {@code dir}. */
        public void write(Path dir) throws IOException {
            Files.createDirectories(dir);
            results.write(dir.resolve("results.csv"));
            summary.write().csv(dir.resolve("summary.csv").toFile());
            significance.write().csv(dir.resolve("significance.csv").toFile());
        }
    }

    /** Configures a {@link TransferEvaluation}. */
    public static final class Builder {
        private final List<Candidate> candidates = new ArrayList<>();
        private Set<Mode> modes = EnumSet.of(Mode.LINEAR);
        private int folds = 5;
        private long[] seeds = LongStream.range(0, 5).toArray();
        private LinearProbe.Builder probe = LinearProbe.builder();
        private FineTuner.Builder fineTuning = FineTuner.builder();
        private Path cacheDir;
        private Consumer<String> log = message -> { };
        private Device device;
        private StainNormalizer stain = StainNormalizer.NONE;

        private Builder() {}

        /** The stain normaliser of every image (default none): in the features' image path and before fine-tuning. */
        public Builder optStainNormalizer(StainNormalizer stain) {
            this.stain = Objects.requireNonNull(stain, "optStainNormalizer");
            return this;
        }

        /** The device encoders compute on, for features and fine-tuning (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Adds an encoder by spec, made by {@code resolver}; named by {@link EncoderSpec#label()}. */
        public Builder addEncoder(EncoderSpec spec, EncoderResolver resolver) {
            return addEncoder(spec.label(), manager -> resolver.create(spec, manager));
        }

        /** Adds an encoder by spec with the default resolver. */
        public Builder addEncoder(EncoderSpec spec) {
            return addEncoder(spec, EncoderResolver.defaults());
        }

        /** Adds an encoder made by a factory of fresh copies. */
        public Builder addEncoder(String name, Function<NDManager, Encoder> factory) {
            candidates.add(new Candidate(name, factory, true));
            return this;
        }

        /** Adds an encoder instance (initialised); usable for linear probes only. */
        public Builder addEncoder(String name, Encoder encoder) {
            candidates.add(new Candidate(name, manager -> encoder, false));
            return this;
        }

        /** The modes (default linear only). */
        public Builder optModes(Set<Mode> modes) {
            this.modes = EnumSet.copyOf(modes);
            return this;
        }

        /** The number of outer folds (default 5). */
        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        /** The seeds 0..count-1 (default 5). */
        public Builder optSeeds(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("seed count must be >= 1, got " + count);
            }
            this.seeds = LongStream.range(0, count).toArray();
            return this;
        }

        /** The linear probe's settings (its folds and splitter are set by the evaluation). */
        public Builder optProbe(LinearProbe.Builder probe) {
            this.probe = probe;
            return this;
        }

        /** The fine-tuner's settings (its encoders are set per candidate by the evaluation). */
        public Builder optFineTuning(FineTuner.Builder fineTuning) {
            this.fineTuning = fineTuning;
            return this;
        }

        /** The folder of feature caches (default: none, features recomputed). */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Receives one line per step (default: nothing). */
        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** Validates and builds. */
        public TransferEvaluation build() {
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("encoders: add at least one encoder");
            }
            if (candidates.stream().map(Candidate::name).distinct().count() != candidates.size()) {
                throw new IllegalArgumentException("encoders must have distinct names, got "
                        + candidates.stream().map(Candidate::name).toList());
            }
            if (modes.isEmpty()) {
                throw new IllegalArgumentException("modes: choose linear, finetune or both");
            }
            if (folds < 2) {
                throw new IllegalArgumentException("folds must be >= 2, got " + folds);
            }
            return new TransferEvaluation(this);
        }
    }
}

package org.histo4j.slide.study;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;
import org.histo4j.slide.mil.SlideTrainer;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.transfer.Fold;
import org.histo4j.transfer.GroupKFold;
import org.histo4j.transfer.Metrics;
import org.histo4j.train.DivergedException;
import org.histo4j.transfer.TransferResults;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Grouped cross-validation of slide classifiers over seeds: for each seed the slides are split into stratified
 * folds that keep each group (patient) whole ({@link GroupKFold}), a fresh model is trained with
 * {@link SlideTrainer} on each fold's training slides and scores its test slides. Results come as transfer's long
 * table ({@code encoder, task, mode = model, seed, fold, metric, value}), so its summary (mean and std over seeds)
 * and the seeds' comparison rules apply.
 *
 * <p>Metrics, counted per slide (never per tile): {@code auc}, the ROC AUC of the positive-class probability on
 * each fold's test slides (NaN, and left out of means, when a fold holds one class); {@code accuracy} per fold;
 * and {@code oof_auc} (fold -1), the ROC AUC over all slides of a seed, each scored by the model that did not see
 * it, which stays defined on small cohorts where folds hold a handful of slides.
 *
 * <p>Heatmap faithfulness ({@link HeatmapFaithfulness}), when lesion masks are given
 * ({@link Builder#optLesionMasks}): every test slide whose mask holds lesion tiles is scored with the tile weights of
 * the model that did not see it; {@code attention_auc} and {@code topk_lesion} (fold -1) are their means over the
 * slides of a seed (NaN AUCs left out). Models without tile weights (the grid CNN) get no such rows.
 *
 * <p>A fit whose loss or parameters stop being finite ({@link DivergedException}) does not stop the study: it is
 * logged, its fold gets a {@code diverged} row (value 1) instead of {@code auc} and {@code accuracy}, and its test
 * slides are left out of that seed's {@code oof_auc} and faithfulness, which then cover fewer slides. A study that
 * sees such rows should say so beside its means, as {@link SlideStudy#lesionFractionCurve} does.
 *
 * <p>A label-shuffled control ({@link Builder#optShuffledLabels}) permutes the slide labels with the seed before
 * splitting; its mode is suffixed {@code -shuffled} and its AUC should stay near 0.5.
 */
public final class SlideCrossValidation {

    /** The metric computed over all out-of-fold predictions of a seed. */
    public static final String OUT_OF_FOLD_AUC = "oof_auc";

    /** The metric of a fold whose training diverged (value 1; folds that trained have no such row). */
    public static final String DIVERGED = "diverged";

    /** A test slide's prediction, with the model, seed and fold that made it. */
    public record OutOfFold(String mode, long seed, int fold, SlidePrediction prediction) {}

    /** A test slide's heatmap faithfulness, with the model and seed whose out-of-fold weights were scored. */
    public record Faithfulness(String mode, long seed, HeatmapFaithfulness.Score score) {}

    /** The results table, every out-of-fold prediction and the faithfulness of every scored slide. */
    public record Result(TransferResults results, List<OutOfFold> predictions, List<Faithfulness> faithfulness) {}

    private final List<SlideModel> models;
    private final int folds;
    private final int seeds;
    private final long firstSeed;
    private final int epochs;
    private final float learningRate;
    private final int batchSize;
    private final boolean shuffledLabels;
    private final Device device;
    private final Consumer<String> log;
    private final Map<String, TissueMask> lesionMasks;
    private final HeatmapFaithfulness faithfulness;

    private SlideCrossValidation(Builder b) {
        this.models = List.copyOf(b.models);
        this.folds = b.folds;
        this.seeds = b.seeds;
        this.firstSeed = b.firstSeed;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.batchSize = b.batchSize;
        this.shuffledLabels = b.shuffledLabels;
        this.device = b.device;
        this.log = b.log;
        this.lesionMasks = Map.copyOf(b.lesionMasks);
        this.faithfulness = b.faithfulness;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates every model on {@code bags}; {@code tileSize} is the level-0 tile stride (for the grid CNN),
     * {@code encoder} and {@code task} fill those columns.
     */
    public Result run(List<Bag> bags, int tileSize, String encoder, String task) {
        Table table = TransferResults.empty().table();
        List<OutOfFold> predictions = new ArrayList<>();
        List<Faithfulness> faithful = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long seed = firstSeed + s;
            List<Bag> labelled = shuffledLabels ? shuffle(bags, seed) : bags;
            int[] labels = labelled.stream().mapToInt(Bag::label).toArray();
            String[] groups = labelled.stream().map(Bag::group).toArray(String[]::new);
            List<Fold> split = new GroupKFold().split(labels, groups, folds, seed);
            for (SlideModel model : models) {
                String mode = model.label() + (shuffledLabels ? "-shuffled" : "");
                List<OutOfFold> seedPredictions = new ArrayList<>();
                for (Fold fold : split) {
                    List<SlidePrediction> scored;
                    try {
                        scored = fitAndPredict(model, tileSize, labelled, fold, seed);
                    } catch (DivergedException e) {
                        add(table, encoder, task, mode, seed, fold.index(), DIVERGED, 1);
                        log.accept(String.format(java.util.Locale.ROOT, "%s seed %d fold %d: diverged, its %d test"
                                + " slides are left out: %s", mode, seed, fold.index(), fold.test().length,
                                e.getMessage()));
                        continue;
                    }
                    scored.forEach(p -> seedPredictions.add(new OutOfFold(mode, seed, fold.index(), p)));
                    double auc = auc(scored);
                    add(table, encoder, task, mode, seed, fold.index(), "auc", auc);
                    add(table, encoder, task, mode, seed, fold.index(), "accuracy", accuracy(scored));
                    log.accept(String.format(java.util.Locale.ROOT, "%s seed %d fold %d: auc %.3f", mode, seed,
                            fold.index(), auc));
                }
                add(table, encoder, task, mode, seed, -1, OUT_OF_FOLD_AUC,
                        auc(seedPredictions.stream().map(OutOfFold::prediction).toList()));
                predictions.addAll(seedPredictions);
                List<HeatmapFaithfulness.Score> scores = faithfulness(seedPredictions, labelled, tileSize);
                scores.forEach(score -> faithful.add(new Faithfulness(mode, seed, score)));
                if (!scores.isEmpty()) {
                    add(table, encoder, task, mode, seed, -1, HeatmapFaithfulness.ATTENTION_AUC,
                            mean(scores.stream().mapToDouble(HeatmapFaithfulness.Score::attentionAuc)));
                    add(table, encoder, task, mode, seed, -1, HeatmapFaithfulness.TOPK_LESION,
                            mean(scores.stream().mapToDouble(HeatmapFaithfulness.Score::topKLesion)));
                }
            }
        }
        return new Result(TransferResults.of(table), predictions, faithful);
    }

    /** The faithfulness of the tile weights of every predicted slide with lesion tiles in its mask. */
    private List<HeatmapFaithfulness.Score> faithfulness(List<OutOfFold> scored, List<Bag> bags, int tileSize) {
        List<HeatmapFaithfulness.Score> scores = new ArrayList<>();
        for (OutOfFold outOfFold : scored) {
            SlidePrediction p = outOfFold.prediction();
            TissueMask mask = lesionMasks.get(p.slideId());
            if (mask == null || p.tileWeights() == null) {
                continue;
            }
            Bag bag = bags.stream().filter(b -> b.slideId().equals(p.slideId())).findFirst().orElseThrow();
            HeatmapFaithfulness.Score score = faithfulness.score(bag, p.tileWeights(), mask, tileSize);
            if (score.lesionTiles() > 0) {
                scores.add(score);
            }
        }
        return scores;
    }

    private static double mean(java.util.stream.DoubleStream values) {
        return values.filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** Trains {@code model} on all {@code bags} with {@code seed}; the caller closes the result. */
    public TrainedSlideModel fit(SlideModel model, int tileSize, List<Bag> bags, long seed) {
        return trainer(model, tileSize, seed).fit(bags);
    }

    private List<SlidePrediction> fitAndPredict(SlideModel model, int tileSize, List<Bag> bags, Fold fold,
            long seed) {
        List<Bag> train = java.util.Arrays.stream(fold.train()).mapToObj(bags::get).toList();
        List<Bag> test = java.util.Arrays.stream(fold.test()).mapToObj(bags::get).toList();
        try (TrainedSlideModel trained = fit(model, tileSize, train, seed * 1000 + fold.index())) {
            return trained.predict(test);
        }
    }

    private SlideTrainer trainer(SlideModel model, int tileSize, long seed) {
        SlideTrainer.Builder builder = SlideTrainer.builder().setModel(model.factory())
                .optInputs(model.inputs(tileSize)).optLoss(model.loss()).optEpochs(epochs)
                .optLearningRate(learningRate).optBatchSize(batchSize).optSeed(seed);
        if (device != null) {
            builder.optDevice(device);
        }
        return builder.build();
    }

    /** The slide-level ROC AUC of the positive-class probability (NaN without both classes). */
    public static double auc(List<SlidePrediction> predictions) {
        int[] labels = predictions.stream().mapToInt(SlidePrediction::label).toArray();
        double[] scores = predictions.stream().mapToDouble(SlidePrediction::positiveScore).toArray();
        return Metrics.rocAuc(labels, 1, scores);
    }

    private static double accuracy(List<SlidePrediction> predictions) {
        return predictions.stream().filter(p -> p.predictedClass() == p.label()).count()
                / (double) predictions.size();
    }

    /** The bags with their labels permuted by {@code seed} (class counts kept). */
    static List<Bag> shuffle(List<Bag> bags, long seed) {
        List<Integer> labels = new ArrayList<>(bags.stream().map(Bag::label).toList());
        Collections.shuffle(labels, new Random(seed ^ 0x5DEECE66DL));
        List<Bag> shuffled = new ArrayList<>();
        for (int i = 0; i < bags.size(); i++) {
            shuffled.add(bags.get(i).withLabel(labels.get(i)));
        }
        return shuffled;
    }

    private static void add(Table t, String encoder, String task, String mode, long seed, int fold, String metric,
            double value) {
        ((StringColumn) t.column("encoder")).append(encoder);
        ((StringColumn) t.column("task")).append(task);
        ((StringColumn) t.column("mode")).append(mode);
        ((LongColumn) t.column("seed")).append(seed);
        ((IntColumn) t.column("fold")).append(fold);
        ((StringColumn) t.column("metric")).append(metric);
        ((DoubleColumn) t.column("value")).append(value);
    }

    /** Configures a {@link SlideCrossValidation}. */
    public static final class Builder {
        private List<SlideModel> models = List.of(SlideModel.ABMIL);
        private int folds = 5;
        private int seeds = 3;
        private long firstSeed = 1;
        private int epochs = 60;
        private float learningRate = 1e-3f;
        private int batchSize = 4;
        private boolean shuffledLabels;
        private Device device;
        private Consumer<String> log = line -> { };
        private Map<String, TissueMask> lesionMasks = Map.of();
        private HeatmapFaithfulness faithfulness = HeatmapFaithfulness.defaults();

        private Builder() {}

        /**
         * The true lesion mask of slides by slide id (e.g. {@code SlideCohort.lesionMasks(manifest)} of a synthetic
         * cohort), to score heatmap faithfulness (default none).
         */
        public Builder optLesionMasks(Map<String, TissueMask> lesionMasks) {
            this.lesionMasks = lesionMasks;
            return this;
        }

        /** How heatmaps are scored against the masks (default {@link HeatmapFaithfulness#defaults()}). */
        public Builder optFaithfulness(HeatmapFaithfulness faithfulness) {
            this.faithfulness = faithfulness;
            return this;
        }

        /** The models to compare (default ABMIL). */
        public Builder optModels(SlideModel... models) {
            this.models = List.of(models);
            return this;
        }

        /** Folds per seed (default 5). */
        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        /** Number of seeds, each with its own folds and initialisations (default 3). */
        public Builder optSeeds(int seeds) {
            this.seeds = seeds;
            return this;
        }

        /** The first seed; seeds are consecutive (default 1). */
        public Builder optFirstSeed(long firstSeed) {
            this.firstSeed = firstSeed;
            return this;
        }

        /** Training epochs per fold (default 60). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Adam's learning rate (default 1e-3). */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Slides per step (default 4). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Whether to run the label-shuffled control instead (default false). */
        public Builder optShuffledLabels(boolean shuffledLabels) {
            this.shuffledLabels = shuffledLabels;
            return this;
        }

        /** The device (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Receives one line per trained fold (default: nothing). */
        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** Validates and builds. */
        public SlideCrossValidation build() {
            if (models.isEmpty()) {
                throw new IllegalArgumentException("models: at least one is required");
            }
            if (folds < 2 || seeds < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("folds >= 2, seeds >= 1, epochs >= 1 and batchSize >= 1 are"
                        + " needed, got " + folds + ", " + seeds + ", " + epochs + ", " + batchSize);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
            return new SlideCrossValidation(this);
        }
    }
}

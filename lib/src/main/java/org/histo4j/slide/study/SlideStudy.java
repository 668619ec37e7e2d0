package org.histo4j.slide.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.histo4j.Numbers;
import org.histo4j.model.Encoder;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.heatmap.Heatmap;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.transfer.SummaryRow;
import org.histo4j.transfer.TransferResults;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The slide stage end to end on synthetic slides: write a labelled cohort ({@link SyntheticCohort} painted by
 * {@link HistologySlidePainter}), encode it into bags ({@link SlideEncoder}), cross-validate slide classifiers
 * ({@link SlideCrossValidation}), train one on all slides and draw its attention over a positive slide. Every step
 * resumes from what a previous run left in the folder (slides and fresh bags are kept).
 *
 * <pre>{@code
 * SlideStudy.Outcome quick = SlideStudy.quick(dir, nicEncoder, 1);       // ABMIL, slide AUC mean ± std
 * Table curve = SlideStudy.builder().setEncoder(nicEncoder).build()
 *         .lesionFractionCurve(dir, new double[] {0.2, 0.05, 0.01}, SlideModel.values());
 * }</pre>
 */
public final class SlideStudy {

    /**
     * What a study run produced: the slide AUC (out-of-fold, mean and sample std over seeds) of the evaluated model,
     * all results, the heatmap and its top-k gallery, and the seconds spent on each step.
     */
    public record Outcome(String model, double aucMean, double aucStd, TransferResults results, Path heatmap,
            Path gallery, double cohortSeconds, double encodeSeconds, double trainSeconds) {

        /** One line: model, AUC mean ± std and timings. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s slide AUC %s (cohort %.0f s, encode %.0f s, train %.0f s)",
                    model, Numbers.meanStd(aucMean, aucStd), cohortSeconds, encodeSeconds, trainSeconds);
        }
    }

    private final Encoder encoder;
    private final int slides;
    private final int width;
    private final int height;
    private final int tileSize;
    private final double mpp;
    private final double tileMpp;
    private final double lesionFraction;
    private final int lesionRadius;
    private final int folds;
    private final int seeds;
    private final int epochs;
    private final long seed;
    private final Consumer<String> log;

    private SlideStudy(Builder b) {
        this.encoder = b.encoder;
        this.slides = b.slides;
        this.width = b.width;
        this.height = b.height;
        this.tileSize = b.tileSize;
        this.mpp = b.mpp;
        this.tileMpp = b.tileMpp;
        this.lesionFraction = b.lesionFraction;
        this.lesionRadius = b.lesionRadius;
        this.folds = b.folds;
        this.seeds = b.seeds;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.log = b.log;
    }

    /** Starts a builder; only the encoder is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The quickstart: 16 synthetic slides of 4096 x 3072 pixels at 0.5 um/px (lesions on 5% of the tissue of the
     * positive half), 64 px tiles at 1 um/px, ABMIL in 4-fold grouped cross-validation over 3 seeds, and a heatmap of one
     * positive slide in {@code dir/heatmap.png}.
     */
    public static Outcome quick(Path dir, Encoder encoder, long seed) {
        return builder().setEncoder(encoder).optSeed(seed).build().run(dir, SlideModel.ABMIL);
    }

    /** Writes (or completes) the cohort in {@code dir/cohort} at {@code fraction}; returns its manifest. */
    public Path writeCohort(Path dir, double fraction) {
        SyntheticCohort cohort = SyntheticCohort.builder().setPainter(HistologySlidePainter.perSlide())
                .optSlides(slides).optSize(width, height).optLesionFraction(fraction).optLesionRadius(lesionRadius)
                .optMpp(mpp).optSeed(seed).build();
        try {
            cohort.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic cohort in " + dir, e);
        }
        return dir.resolve(SyntheticCohort.MANIFEST);
    }

    /** Encodes the cohort of {@code manifest} into {@code bagsDir}; returns the bags. */
    public List<Bag> encode(Path manifest, Path bagsDir) {
        SlideEncoder slideEncoder = SlideEncoder.builder().setEncoder(encoder).setTileSize(tileSize).setMpp(tileMpp)
                .build();
        slideEncoder.encodeCohort(SlideCohort.read(manifest), bagsDir, new SlideEncoder.Listener() {
            @Override
            public void slideFinished(org.histo4j.slide.encode.EncodedSlide result) {
                log.accept(String.format(Locale.ROOT, "%s: %d tiles%s in %.1f s", result.entry().slideId(),
                        result.tiles(), result.skipped() ? " (bag was fresh)" : "", result.seconds()));
            }
        });
        return BagCohort.read(bagsDir);
    }

    /**
     * Cohort, bags, cross-validation of {@code model}, then a model trained on all slides ({@code dir/model}) and the
     * heatmap of the first positive slide ({@code dir/heatmap.png}, {@code dir/heatmap-topk.png}).
     */
    public Outcome run(Path dir, SlideModel model) {
        long t0 = System.nanoTime();
        Path manifest = writeCohort(dir.resolve("cohort"), lesionFraction);
        long t1 = System.nanoTime();
        Path bagsDir = dir.resolve("bags");
        List<Bag> bags = encode(manifest, bagsDir);
        long t2 = System.nanoTime();
        int stride = BagCohort.entries(bagsDir).getFirst().tileSize();
        Map<String, TissueMask> lesions = SlideCohort.lesionMasks(manifest);
        SlideCrossValidation cv = crossValidation(lesions, model);
        TransferResults results = cv.run(bags, stride, encoder.name(), "synthetic-" + fraction(lesionFraction))
                .results();
        results.write(dir.resolve("results.csv"));
        SummaryRow auc = oofAuc(results, model.label());
        BagCohort.Entry positive = BagCohort.entries(bagsDir).stream().filter(e -> e.label() == 1).findFirst()
                .orElseThrow();
        Bag positiveBag = bags.stream().filter(b -> b.slideId().equals(positive.slideId())).findFirst().orElseThrow();
        SlideHeatmaps.Written heatmap;
        try (TrainedSlideModel trained = cv.fit(model, stride, bags, seed)) {
            SlideModelFile.of(model, positiveBag.featureWidth(), stride, BagCohort.provenance(bagsDir))
                    .save(dir.resolve("model"), trained);
            heatmap = SlideHeatmaps.write(positive.slidePath(), positiveBag, stride, trained,
                    dir.resolve("heatmap.png"), 8, 1024, new SlideHeatmaps.Style(Heatmap.Scaling.MIN_MAX,
                            lesions.get(positive.slideId())));
        }
        long t3 = System.nanoTime();
        return new Outcome(model.label(), auc.mean(), auc.std(), results, heatmap.heatmap(), heatmap.gallery(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    /**
     * Notebook 05's study: for each lesion fraction a cohort ({@code dir/fraction-F}), its bags and the
     * cross-validated slide AUC of each model; a table with columns {@code fraction, model, auc_mean, auc_std}
     * (out-of-fold slide AUC, mean and sample std over seeds) and {@code attention_auc_mean, attention_auc_std,
     * topk_lesion_mean} (heatmap faithfulness against the true lesions, {@link HeatmapFaithfulness}; NaN for models
     * without tile weights), and {@code diverged}, the number of fits that diverged and were left out
     * ({@link SlideCrossValidation}).
     */
    public Table lesionFractionCurve(Path dir, double[] fractions, SlideModel... models) {
        StringColumn model = StringColumn.create("model");
        DoubleColumn fraction = DoubleColumn.create("fraction");
        DoubleColumn mean = DoubleColumn.create("auc_mean");
        DoubleColumn std = DoubleColumn.create("auc_std");
        DoubleColumn attentionMean = DoubleColumn.create("attention_auc_mean");
        DoubleColumn attentionStd = DoubleColumn.create("attention_auc_std");
        DoubleColumn topK = DoubleColumn.create("topk_lesion_mean");
        IntColumn diverged = IntColumn.create("diverged");
        TransferResults all = TransferResults.empty();
        for (double f : fractions) {
            Path sub = dir.resolve("fraction-" + fraction(f));
            Path manifest = writeCohort(sub.resolve("cohort"), f);
            List<Bag> bags = encode(manifest, sub.resolve("bags"));
            int stride = BagCohort.entries(sub.resolve("bags")).getFirst().tileSize();
            TransferResults results = crossValidation(SlideCohort.lesionMasks(manifest), models)
                    .run(bags, stride, encoder.name(), "synthetic-" + fraction(f)).results();
            all = all.append(results);
            for (SlideModel m : models) {
                SummaryRow row = oofAuc(results, m.label());
                fraction.append(f);
                model.append(m.label());
                mean.append(row.mean());
                std.append(row.std());
                SummaryRow attention = summary(results, m.label(), HeatmapFaithfulness.ATTENTION_AUC);
                attentionMean.append(attention == null ? Double.NaN : attention.mean());
                attentionStd.append(attention == null ? Double.NaN : attention.std());
                SummaryRow top = summary(results, m.label(), HeatmapFaithfulness.TOPK_LESION);
                topK.append(top == null ? Double.NaN : top.mean());
                diverged.append(divergedFits(results, m.label()));
            }
        }
        all.write(dir.resolve("results.csv"));
        return Table.create("slide AUC by lesion fraction", fraction, model, mean, std, attentionMean, attentionStd,
                topK, diverged);
    }

    private SlideCrossValidation crossValidation(Map<String, TissueMask> lesionMasks, SlideModel... models) {
        return SlideCrossValidation.builder().optModels(models).optLesionMasks(lesionMasks).optFolds(folds).optSeeds(seeds).optFirstSeed(seed)
                .optEpochs(epochs).optLog(log).build();
    }

    private static SummaryRow oofAuc(TransferResults results, String mode) {
        return results.summaryRows().stream().filter(r -> r.mode().equals(mode)
                && r.metric().equals(SlideCrossValidation.OUT_OF_FOLD_AUC)).findFirst().orElseThrow();
    }

    private static int divergedFits(TransferResults results, String mode) {
        Table t = results.table();
        return t.where(t.stringColumn("mode").isEqualTo(mode)
                .and(t.stringColumn("metric").isEqualTo(SlideCrossValidation.DIVERGED))).rowCount();
    }

    private static SummaryRow summary(TransferResults results, String mode, String metric) {
        return results.summaryRows().stream().filter(r -> r.mode().equals(mode) && r.metric().equals(metric))
                .findFirst().orElse(null);
    }

    private static String fraction(double f) {
        return String.format(Locale.ROOT, "%s", f);
    }

    /** Configures a {@link SlideStudy}. */
    public static final class Builder {
        private Encoder encoder;
        private int slides = 16;
        private int width = 4096;
        private int height = 3072;
        private int tileSize = 64;
        private double mpp = 0.5;
        private double tileMpp = 1.0;
        private double lesionFraction = 0.05;
        private int lesionRadius = 160;
        private int folds = 4;
        private int seeds = 3;
        private int epochs = 60;
        private long seed = 1;
        private Consumer<String> log = line -> { };

        private Builder() {}

        /** The tile encoder, initialised or loaded with weights (required). */
        public Builder setEncoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Slides per cohort, half positive (default 16). */
        public Builder optSlides(int slides) {
            this.slides = slides;
            return this;
        }

        /** Level-0 slide size in pixels (default 4096 x 3072). */
        public Builder optSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Tile side in pixels at the mpp (default 64). */
        public Builder optTileSize(int tileSize) {
            this.tileSize = tileSize;
            return this;
        }

        /** Microns per level-0 pixel of the slides (default 0.5, a 20x scan). */
        public Builder optMpp(double mpp) {
            this.mpp = mpp;
            return this;
        }

        /** Microns per pixel of the tiles (default 1.0: 64 px tiles span 128 level-0 pixels). */
        public Builder optTileMpp(double tileMpp) {
            this.tileMpp = tileMpp;
            return this;
        }

        /** Lesion area as a fraction of the tissue of positive slides, for {@link #run} (default 0.05). */
        public Builder optLesionFraction(double lesionFraction) {
            this.lesionFraction = lesionFraction;
            return this;
        }

        /** Typical lesion radius in level-0 pixels (default 160). */
        public Builder optLesionRadius(int lesionRadius) {
            this.lesionRadius = lesionRadius;
            return this;
        }

        /** Cross-validation folds (default 4). */
        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        /** Seeds of the cross-validation (default 3). */
        public Builder optSeeds(int seeds) {
            this.seeds = seeds;
            return this;
        }

        /** Training epochs per fold (default 60). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Seed of the cohort, the splits and the training (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Receives progress lines (default: nothing). */
        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** Validates and builds. */
        public SlideStudy build() {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder: setEncoder(...) is required");
            }
            if (slides < 2 * folds) {
                throw new IllegalArgumentException("slides: at least 2 per fold are needed, got " + slides
                        + " slides for " + folds + " folds");
            }
            return new SlideStudy(this);
        }
    }
}

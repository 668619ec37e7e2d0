package org.histo4j.transfer;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What stain normalisation and stain augmentation buy under a change of lab: a synthetic target task is painted in
 * lab A for training and in lab B for testing (new images, another seed), and for each condition (an encoder and a
 * stain normaliser) a linear probe is trained on frozen features of the lab-A images (C chosen by inner grouped
 * cross-validation) and scored on the lab-B images. Repeated over seeds (each seed paints new images and draws the
 * probe's folds); the summary gives accuracy mean ± std and marks a condition better or worse than the first one
 * (the baseline) only when the means differ by more than twice the larger std.
 *
 * <pre>{@code
 * Table results = StainStudy.builder().setLabs(Lab.DEFAULT, Lab.sample("b", 3))
 *         .addCondition("none", EncoderSpec.parse("nic"), StainNormalizer.NONE)
 *         .addCondition("macenko", EncoderSpec.parse("nic"), macenko).optSeeds(3).build().run();
 * Table summary = StainStudy.summary(results);
 * }</pre>
 */
public final class StainStudy {

    /**
     * One arm of the study.
     *
     * @param name       its name in the tables
     * @param encoder    the frozen encoder
     * @param normalizer the stain normaliser of every image, training and test
     */
    public record Condition(String name, EncoderSpec encoder, StainNormalizer normalizer) {}

    private final SyntheticTask task;
    private final int size;
    private final Lab trainLab;
    private final Lab testLab;
    private final int seeds;
    private final List<Condition> conditions;
    private final EncoderResolver resolver;

    private StainStudy(Builder b) {
        this.task = b.task.withImagesPerClass(b.imagesPerClass);
        this.size = b.size;
        this.trainLab = b.trainLab;
        this.testLab = b.testLab;
        this.seeds = b.seeds;
        this.conditions = List.copyOf(b.conditions);
        this.resolver = b.resolver;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The lab-A training images of one seed. */
    public SyntheticSource trainImages(long seed) {
        return new SyntheticSource(task, size, seed, List.of(trainLab));
    }

    /** The lab-B test images of one seed (other images than the training ones: another painting seed). */
    public SyntheticSource testImages(long seed) {
        return new SyntheticSource(task, size, 1_000_003L + seed, List.of(testLab));
    }

    /** Runs every condition on every seed: one row per condition and seed (condition, seed, accuracy, c). */
    public Table run() {
        StringColumn name = StringColumn.create("condition");
        IntColumn seedColumn = IntColumn.create("seed");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        DoubleColumn chosenC = DoubleColumn.create("c");
        LinearProbe probe = LinearProbe.builder().optCGrid(1e-3, 1e-2, 1e-1, 1).optInnerFolds(3).build();
        for (Condition condition : conditions) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = resolver.create(condition.encoder(), manager);
                FeatureExtractor extractor = FeatureExtractor.builder().setEncoder(encoder)
                        .optStainNormalizer(condition.normalizer()).build();
                for (int seed = 0; seed < seeds; seed++) {
                    FeatureSet train = extractor.extract(trainImages(seed), n -> { });
                    FeatureSet test = extractor.extract(testImages(seed), n -> { });
                    FittedProbe fitted = probe.fit(train, IntStream.range(0, train.size()).toArray(), seed);
                    Predictions predictions = fitted.predict(test.features(), IntStream.range(0, test.size())
                            .toArray());
                    name.append(condition.name());
                    seedColumn.append(seed);
                    accuracy.append(predictions.evaluate(Metric.ACCURACY, test.labels()));
                    chosenC.append(fitted.c());
                }
                encoder.close();
            }
        }
        return Table.create("lab A -> lab B accuracy per seed", name, seedColumn, accuracy, chosenC);
    }

    /**
     * Mean ± std of the accuracy per condition (in the order of the results), and against the first condition:
     * {@code better}/{@code worse} when the means differ by more than twice the larger std, else {@code same}.
     */
    public static Table summary(Table results) {
        StringColumn name = StringColumn.create("condition");
        DoubleColumn mean = DoubleColumn.create("accuracy_mean");
        DoubleColumn std = DoubleColumn.create("accuracy_std");
        StringColumn versus = StringColumn.create("vs_first");
        List<String> names = new ArrayList<>(new LinkedHashSet<>(results.stringColumn("condition").asList()));
        for (String n : names) {
            DoubleColumn values = results.where(results.stringColumn("condition").isEqualTo(n))
                    .doubleColumn("accuracy");
            name.append(n);
            mean.append(values.mean());
            std.append(values.size() > 1 ? values.standardDeviation() : 0);
        }
        for (int i = 0; i < names.size(); i++) {
            double gap = mean.getDouble(i) - mean.getDouble(0);
            double bar = 2 * Math.max(std.getDouble(i), std.getDouble(0));
            versus.append(i == 0 ? "baseline" : gap > bar ? "better" : -gap > bar ? "worse" : "same");
        }
        return Table.create("lab A -> lab B accuracy, mean ± std over seeds", name, mean, std, versus);
    }

    /** Configures a {@link StainStudy}. */
    public static final class Builder {
        private SyntheticTask task = SyntheticPool.TARGETS.getLast();
        private int imagesPerClass = 40;
        private int size = 64;
        private Lab trainLab;
        private Lab testLab;
        private int seeds = 3;
        private final List<Condition> conditions = new ArrayList<>();
        private EncoderResolver resolver = EncoderResolver.defaults();

        private Builder() {}

        /** The lab the probe is trained in and the lab it is tested in. */
        public Builder setLabs(Lab train, Lab test) {
            this.trainLab = train;
            this.testLab = test;
            return this;
        }

        /** The synthetic target task (default the low-signal tumour task, the last of the targets). */
        public Builder optTask(SyntheticTask value) {
            task = value;
            return this;
        }

        /** Images painted per class for training and again for testing (default 40). */
        public Builder optImagesPerClass(int value) {
            imagesPerClass = value;
            return this;
        }

        /** The side of the images in pixels (default 64). */
        public Builder optSize(int value) {
            size = value;
            return this;
        }

        /** The number of seeds (default 3). */
        public Builder optSeeds(int value) {
            seeds = value;
            return this;
        }

        /** Adds a condition; the first is the baseline of the summary. */
        public Builder addCondition(String name, EncoderSpec encoder, StainNormalizer normalizer) {
            conditions.add(new Condition(name, encoder, normalizer));
            return this;
        }

        /** How encoder specs are made (default {@link EncoderResolver#defaults()}). */
        public Builder optResolver(EncoderResolver value) {
            resolver = value;
            return this;
        }

        /** Validates and builds. */
        public StainStudy build() {
            if (trainLab == null || testLab == null) {
                throw new IllegalArgumentException("setLabs: a training lab and a test lab are required");
            }
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("addCondition: add at least one condition");
            }
            if (seeds < 2) {
                throw new IllegalArgumentException("optSeeds: at least 2 seeds for a std, got " + seeds);
            }
            if (imagesPerClass < 4 || size < 16) {
                throw new IllegalArgumentException("optImagesPerClass >= 4 and optSize >= 16, got " + imagesPerClass
                        + " and " + size);
            }
            return new StainStudy(this);
        }
    }
}

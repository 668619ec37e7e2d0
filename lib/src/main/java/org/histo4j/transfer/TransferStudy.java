package org.histo4j.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The transfer-evaluation protocol: every probe cross-validates every feature set (one encoder on one task)
 * under every seed; the outcome is a long-format {@link TransferResults} (one row per encoder, task, mode, seed,
 * fold and metric, plus the chosen C as metric {@code log10_c}) that summarises over seeds and supports the
 * paper's significance rule and leave-one-task-out selection.
 *
 * <pre>{@code
 * TransferStudy study = TransferStudy.builder()
 *         .addProbe(LinearProbe.builder().build())
 *         .addProbe(LinearProbe.builder().optClassifier(ProbeClassifier.LINEAR_SVM).build())
 *         .build();
 * TransferResults results = study.evaluate("resnet18-multitask", features)
 *         .append(study.evaluate("resnet18-imagenet", otherFeatures));
 * results.write(Path.of("transfer.csv"));
 * Table selection = results.leaveOneTaskOut(Metric.AUC);
 * }</pre>
 *
 * Feature sets can be evaluated one at a time, so that only one is in memory.
 */
public final class TransferStudy {

    /** The metric name under which the chosen C is recorded (as log10 C). */
    public static final String CHOSEN_C = "log10_c";

    private final List<LinearProbe> probes;
    private final long[] seeds;

    private TransferStudy(List<LinearProbe> probes, long[] seeds) {
        this.probes = List.copyOf(probes);
        this.seeds = seeds.clone();
    }

    /** A builder; the defaults are seeds 0..4 and, if no probe is added, one logistic-regression probe. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seeds each evaluation is repeated over (a copy). */
    public long[] seeds() {
        return seeds.clone();
    }

    /** The probes, in the order added. */
    public List<LinearProbe> probes() {
        return probes;
    }

    /** Evaluates one encoder's features on one task with every probe and seed. */
    public TransferResults evaluate(String encoder, FeatureSet data) {
        if (encoder == null || encoder.isBlank()) {
            throw new IllegalArgumentException("encoder must be named");
        }
        List<TransferResults.Row> rows = new ArrayList<>();
        for (LinearProbe probe : probes) {
            for (long seed : seeds) {
                for (FoldResult fold : probe.crossValidate(data, seed).folds()) {
                    rows.addAll(rows(encoder, data.task(), probe.mode(), seed, fold, CHOSEN_C, Math.log10(fold.c())));
                }
            }
        }
        return TransferResults.empty().with(rows);
    }

    /** The rows of one fold: one per {@link Metric}, then {@code extra} (e.g. the chosen C) with its value. */
    static List<TransferResults.Row> rows(String encoder, String task, String mode, long seed, FoldResult fold,
            String extra, double extraValue) {
        List<TransferResults.Row> rows = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            rows.add(new TransferResults.Row(encoder, task, mode, seed, fold.fold(), metric.columnName(),
                    fold.metric(metric)));
        }
        rows.add(new TransferResults.Row(encoder, task, mode, seed, fold.fold(), extra, extraValue));
        return rows;
    }

    /** Evaluates every encoder's feature sets (encoder name to its feature sets, one per task). */
    public TransferResults evaluateAll(Map<String, ? extends Collection<FeatureSet>> featuresByEncoder) {
        TransferResults results = TransferResults.empty();
        for (Map.Entry<String, ? extends Collection<FeatureSet>> entry : featuresByEncoder.entrySet()) {
            for (FeatureSet data : entry.getValue()) {
                results = results.append(evaluate(entry.getKey(), data));
            }
        }
        return results;
    }

    /** Builds a {@link TransferStudy}. */
    public static final class Builder {

        private final List<LinearProbe> probes = new ArrayList<>();
        private long[] seeds = LongStream.range(0, 5).toArray();

        private Builder() {}

        /** Adds a probe; probes must differ in mode. */
        public Builder addProbe(LinearProbe probe) {
            probes.add(probe);
            return this;
        }

        /** The seeds (default 0, 1, 2, 3, 4). */
        public Builder optSeeds(long... seeds) {
            this.seeds = seeds.clone();
            return this;
        }

        /** The seeds 0..count-1. */
        public Builder optSeedCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("seed count must be >= 1, got " + count);
            }
            this.seeds = LongStream.range(0, count).toArray();
            return this;
        }

        /** Validates and builds the study. */
        public TransferStudy build() {
            if (seeds.length == 0 || LongStream.of(seeds).distinct().count() != seeds.length) {
                throw new IllegalArgumentException("seeds must be non-empty and distinct, got "
                        + Arrays.toString(seeds));
            }
            List<LinearProbe> chosen = probes.isEmpty() ? List.of(LinearProbe.builder().build()) : probes;
            if (chosen.stream().map(LinearProbe::mode).distinct().count() != chosen.size()) {
                throw new IllegalArgumentException("probes must differ in mode, got "
                        + chosen.stream().map(LinearProbe::mode).toList());
            }
            return new TransferStudy(chosen, seeds);
        }
    }
}

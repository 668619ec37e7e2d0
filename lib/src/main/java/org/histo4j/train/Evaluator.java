package org.histo4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;
import org.histo4j.data.PoolSplits;
import org.histo4j.data.Split;
import org.histo4j.data.TaskPool;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.data.batch.SampleRef;
import org.histo4j.data.image.ImagePipeline;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.MultiTaskOutput;

/**
 * Per-task validation of a multi-task network: a fixed list of validation images (at most {@code perTask} of each
 * task, chosen once from the seed), resized or centre-cropped to the training size without augmentation, run in
 * inference mode. Prepared images are kept in memory when they take less than {@value #CACHE_FLOATS} floats.
 */
final class Evaluator {

    static final long CACHE_FLOATS = 32L << 20;

    private final TaskPool pool;
    private final List<SampleRef> samples;
    private final ImagePipeline pipeline;
    private final int batchSize;
    private final List<HostBatch> cache;

    /**
     * Validation scores per task; tasks without validation images have count 0 and NaN scores.
     *
     * @param loss mean cross-entropy
     * @param accuracy fraction of correct arg-max predictions
     * @param count images evaluated
     */
    record Scores(double[] loss, double[] accuracy, int[] count) {

        /** The mean validation accuracy over the tasks that have validation images. */
        double meanAccuracy() {
            return IntStream.range(0, count.length).filter(t -> count[t] > 0).mapToDouble(t -> accuracy[t])
                    .average().orElse(Double.NaN);
        }

        /** The mean validation loss over the tasks that have validation images. */
        double meanLoss() {
            return IntStream.range(0, count.length).filter(t -> count[t] > 0).mapToDouble(t -> loss[t])
                    .average().orElse(Double.NaN);
        }
    }

    private Evaluator(TaskPool pool, List<SampleRef> samples, ImagePipeline pipeline, int batchSize) {
        this.pool = pool;
        this.samples = List.copyOf(samples);
        this.pipeline = pipeline;
        int size = pipeline.size();
        this.batchSize = batchSize;
        this.cache = (long) samples.size() * 3 * size * size <= CACHE_FLOATS ? prepareAll() : null;
    }

    /** The validation images of {@code splits}, at most {@code perTask} per task (0 = all). */
    static Evaluator of(PoolSplits splits, int perTask, ImagePipeline pipeline, int batchSize,
            long seed) {
        List<SampleRef> samples = new ArrayList<>();
        for (int t = 0; t < splits.pool().taskCount(); t++) {
            for (int index : choose(splits.indices(t, Split.VALIDATION), perTask, seed + t)) {
                samples.add(new SampleRef(t, index));
            }
        }
        return new Evaluator(splits.pool(), samples, pipeline, batchSize);
    }

    private static int[] choose(int[] indices, int perTask, long seed) {
        if (perTask == 0 || indices.length <= perTask) {
            return indices;
        }
        int[] shuffled = indices.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = shuffled.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int swap = shuffled[k];
            shuffled[k] = shuffled[j];
            shuffled[j] = swap;
        }
        int[] chosen = Arrays.copyOf(shuffled, perTask);
        Arrays.sort(chosen);
        return chosen;
    }

    /** The number of validation images. */
    int size() {
        return samples.size();
    }

    /** Scores {@code network} in inference mode; its arrays live in sub-managers of {@code manager}. */
    Scores evaluate(MultiTaskNetwork network, NDManager manager) {
        int tasks = pool.taskCount();
        double[] lossSums = new double[tasks];
        int[] correct = new int[tasks];
        int[] counts = new int[tasks];
        for (int start = 0, chunk = 0; start < samples.size(); start += batchSize, chunk++) {
            HostBatch host = cache != null ? cache.get(chunk) : prepare(start);
            try (Batch batch = host.toNDArrays(manager)) {
                MultiTaskOutput output = network.forward(new ParameterStore(batch.manager(), false), batch.images(),
                        batch.tasks(), false);
                MultiTaskLoss.Terms terms = MultiTaskLoss.terms(output, batch.labels());
                for (int t = 0; t < tasks; t++) {
                    if (terms.counts()[t] > 0) {
                        lossSums[t] += terms.taskSums().get(t).getFloat();
                        correct[t] += (int) terms.taskCorrect().get(t).toType(DataType.INT64,
                                false).getLong();
                        counts[t] += terms.counts()[t];
                    }
                }
            }
        }
        double[] loss = new double[tasks];
        double[] accuracy = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            loss[t] = counts[t] == 0 ? Double.NaN : lossSums[t] / counts[t];
            accuracy[t] = counts[t] == 0 ? Double.NaN : (double) correct[t] / counts[t];
        }
        return new Scores(loss, accuracy, counts);
    }

    private List<HostBatch> prepareAll() {
        List<HostBatch> batches = new ArrayList<>();
        for (int start = 0; start < samples.size(); start += batchSize) {
            batches.add(prepare(start));
        }
        return List.copyOf(batches);
    }

    private HostBatch prepare(int start) {
        List<SampleRef> chunk = samples.subList(start, Math.min(samples.size(), start + batchSize));
        int size = pipeline.size();
        int perImage = 3 * size * size;
        float[] images = new float[chunk.size() * perImage];
        long[] labels = new long[chunk.size()];
        long[] tasks = new long[chunk.size()];
        IntStream.range(0, chunk.size()).parallel().forEach(i -> {
            SampleRef ref = chunk.get(i);
            ImageSource source = pool.task(ref.task());
            pipeline.write(source.read(ref.index()), new SplittableRandom(0), images, i * perImage);
            labels[i] = source.label(ref.index());
            tasks[i] = ref.task();
        });
        return new HostBatch(start, size, images, labels, tasks, chunk);
    }
}

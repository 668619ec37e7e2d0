package org.histo4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.FeatureExtractor;
import org.histo4j.transfer.SourceView;
import org.histo4j.data.source.DataSpec;

/**
 * Extracts features on Spark in blocks of whole batches: each task opens the data in its JVM (once), encodes its
 * rows with the library's {@link FeatureExtractor} over a {@link SourceView}, and returns the block to the driver,
 * which puts the blocks back in source order. Blocks start at multiples of the batch size, so every forward pass
 * sees the same images as on one machine and the features are the same.
 */
final class FeatureBlocksJob {

    /** What a task needs: the data, the encoder and the batch size. */
    record Recipe(String data, String root, EncoderRecipe encoder, int batchSize) implements Serializable {

        ImageSource open() {
            return new DataSpec(data).open(root == null ? null : Path.of(root));
        }

        /** The feature extractor of {@code features extract} around {@code loaded} (this recipe's encoder). */
        FeatureExtractor extractor(Encoder loaded) {
            return FeatureExtractor.builder().setEncoder(loaded).optBatchSize(batchSize).optDevice(encoder.onDevice())
                    .optStainNormalizer(encoder.stainNormalizer()).build();
        }
    }

    /** A block of rows {@code [start, end)} and, once encoded, its features. */
    record Block(int start, int end, float[][] features) implements Serializable {}

    private static final Map<Recipe, ImageSource> SOURCES = new HashMap<>();

    private FeatureBlocksJob() {}

    /**
     * The features of all {@code size} rows in order; about two blocks per core of the cluster, each a whole number
     * of batches.
     */
    static float[][] run(JavaSparkContext context, Recipe recipe, int size) {
        int batches = (size + recipe.batchSize() - 1) / recipe.batchSize();
        int blocks = Math.max(1, Math.min(batches, 2 * context.defaultParallelism()));
        int perBlock = (batches + blocks - 1) / blocks * recipe.batchSize();
        List<Block> todo = new ArrayList<>();
        for (int start = 0; start < size; start += perBlock) {
            todo.add(new Block(start, Math.min(size, start + perBlock), null));
        }
        Broadcast<Recipe> shared = context.broadcast(recipe);
        List<Block> done = context.parallelize(todo, todo.size()).map(b -> encode(b, shared.value())).collect();
        float[][] features = new float[size][];
        for (Block block : done) {
            System.arraycopy(block.features(), 0, features, block.start(), block.end() - block.start());
        }
        return features;
    }

    /** Runs on an executor: the features of one block's rows. */
    static Block encode(Block block, Recipe recipe) {
        FeatureExtractor extractor = recipe.extractor(ExecutorEncoders.get(recipe.encoder()));
        ImageSource view = SourceView.of(source(recipe), IntStream.range(block.start(), block.end()).toArray());
        return new Block(block.start(), block.end(), extractor.extract(view, n -> { }).features());
    }

    private static synchronized ImageSource source(Recipe recipe) {
        return SOURCES.computeIfAbsent(recipe, Recipe::open); // kept open for the life of the executor
    }
}

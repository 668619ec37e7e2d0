package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The baseline pooling: every real tile counts the same. Tile features are embedded (D -> hidden, ReLU), averaged
 * over the bag's real tiles, z = (1/n) sum_k h_k, and classified; the reported weights are uniform, 1/n.
 */
public final class MeanPooling extends PoolingModel {

    private final Block embedding;
    private final Block classifier;

    /** A mean-pooling model with one embedding layer of {@code hidden} units. */
    public MeanPooling(int classes, int hidden) {
        super(classes);
        embedding = addChildBlock("embedding",
                new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation::relu));
        classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray mask = inputs.get(1);
        NDArray h = embedding.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray weights = mask.div(mask.sum(new int[] {1}, true));
        NDArray logits = classifier.forward(store, new NDList(weightedSum(h, weights)), training).singletonOrThrow();
        return new NDList(logits, weights);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes[0]);
        Shape h = embedding.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        classifier.initialize(manager, dataType, new Shape(inputShapes[0].get(0), h.get(h.dimension() - 1)));
    }
}

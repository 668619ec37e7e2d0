package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A CNN over the compressed slide grid of Neural Image Compression (Tellez et al.): blocks of 3x3 convolution,
 * batch norm and LeakyReLU(0.2), the first ones followed by 2x2 max pooling, then global max pooling (so any grid
 * size works and one lesion anywhere can decide), dropout and a dense layer to the slide classes.
 * Input: {@code NDList(grid B x C x H x W)} from {@link GridBatch}; output: {@code NDList(logits B x classes)}.
 */
public final class GridCnn extends AbstractBlock {

    private final int classes;
    private final Block features;
    private final Block classifier;

    /** A grid CNN with {@code filters} channels per block and {@code blocks} blocks (the first blocks-1 pool). */
    public GridCnn(int classes, int filters, int blocks) {
        if (classes < 2 || filters < 1 || blocks < 1) {
            throw new IllegalArgumentException("classes >= 2, filters >= 1 and blocks >= 1 are needed, got "
                    + classes + ", " + filters + ", " + blocks);
        }
        this.classes = classes;
        SequentialBlock body = new SequentialBlock();
        for (int b = 0; b < blocks; b++) {
            body.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters).build())
                    .add(BatchNorm.builder().build())
                    .add(x -> new NDList(Activation.leakyRelu(x.singletonOrThrow(), 0.2f)));
            if (b < blocks - 1) {
                body.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true));
            }
        }
        body.add(Pool.globalMaxPool2dBlock()).add(Dropout.builder().optRate(0.5f).build());
        features = addChildBlock("features", body);
        classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray pooled = features.forward(store, inputs, training).singletonOrThrow();
        return classifier.forward(store, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, features.getOutputShapes(inputShapes));
    }
}

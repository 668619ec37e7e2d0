package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.histo4j.model.Encoder;

/**
 * An encoder and an attention-MIL head trained end to end on tile images, as in HistoTransfer's top-k fine-tuning.
 * Input: {@code NDList(images B*k x 3 x S x S already through the encoder's preprocessing, mask B x k)}. With {@code batchNormFrozen} the encoder always runs in inference mode, so its batch-norm statistics never
 * move (its weights still learn): small bags of similar tiles would give poor batch statistics.
 */
final class EncodedAttentionMil extends AbstractBlock {

    private final Encoder encoder;
    private final AttentionMil attention;
    private final boolean batchNormFrozen;

    EncodedAttentionMil(Encoder encoder, AttentionMil attention, boolean batchNormFrozen) {
        this.encoder = encoder;
        this.attention = attention;
        this.batchNormFrozen = batchNormFrozen;
        addChildBlock("encoder", encoder.block());
        addChildBlock("attention", attention);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        NDArray mask = inputs.get(1);
        boolean encoderTraining = training && !batchNormFrozen;
        NDArray features = encoder.block().forward(store, new NDList(images), encoderTraining).singletonOrThrow();
        long slides = mask.getShape().get(0);
        long tiles = mask.getShape().get(1);
        NDArray bags = features.reshape(slides, tiles, features.getShape().get(1));
        return attention.forward(store, new NDList(bags, mask), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape mask = inputShapes[1];
        return attention.getOutputShapes(new Shape[] {new Shape(mask.get(0), mask.get(1), encoder.featureWidth()),
            mask});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.block().initialize(manager, dataType, inputShapes[0]);
        Shape mask = inputShapes[1];
        attention.initialize(manager, dataType, new Shape(mask.get(0), mask.get(1), encoder.featureWidth()), mask);
    }
}

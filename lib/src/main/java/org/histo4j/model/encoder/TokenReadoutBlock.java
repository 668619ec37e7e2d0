package org.histo4j.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A traced transformer run up to a number of blocks through its tokens method (DJL calls a TorchScript method
 * other than {@code forward} when the last input is named {@code module_method:NAME}), then pooled to N x D: the
 * class token or the mean of the patch tokens.
 */
final class TokenReadoutBlock extends AbstractBlock {

    private final Block module;
    private final String method;
    private final int depth;
    private final TransformerReadout.Pooling pooling;
    private final long width;

    /** Reads {@code module}'s tokens after {@code depth} blocks; {@code width} is the token width (0 if unknown). */
    TokenReadoutBlock(Block module, String method, int depth, TransformerReadout.Pooling pooling, long width) {
        this.module = addChildBlock("module", module);
        this.method = method;
        this.depth = depth;
        this.pooling = pooling;
        this.width = width;
    }

    /** The same readout with its width now known. */
    TokenReadoutBlock withWidth(long knownWidth) {
        return new TokenReadoutBlock(module, method, depth, pooling, knownWidth);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        NDManager manager = images.getManager();
        NDArray blocks = manager.create(new long[] {depth}).toDevice(images.getDevice(), false);
        NDArray call = manager.create("");
        call.setName("module_method:" + method);
        NDArray tokens = module.forward(store, new NDList(images, blocks, call), training).singletonOrThrow();
        if (tokens.getShape().dimension() != 3) {
            throw new IllegalStateException("TorchScript method " + method + " must return N x tokens x width, got "
                    + tokens.getShape());
        }
        NDArray pooled = pooling == TransformerReadout.Pooling.CLS ? tokens.get(":, 0, :")
                : tokens.get(":, 1:, :").mean(new int[] {1});
        return new NDList(pooled);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the traced module comes with its weights
    }
}

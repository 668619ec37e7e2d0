package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * TransMIL's {@code TransLayer} with exact multi-head self-attention in place of Nyström attention:
 * x + W_o MHA(LayerNorm(x)), with q, k, v = W_qkv LayerNorm(x) (no bias) split into {@code heads} heads and
 * softmax(q k^T / sqrt(d_head)) v per head. Input {@code 1 x T x dim}; outputs the new tokens and the attention
 * averaged over heads ({@code 1 x T x T}).
 */
final class SelfAttentionLayer extends AbstractBlock {

    private final int dim;
    private final int heads;
    private final Block norm;
    private final Block qkv;
    private final Block out;

    SelfAttentionLayer(int dim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        this.dim = dim;
        this.heads = heads;
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("to_qkv", Linear.builder().setUnits(3L * dim).optBias(false).build());
        out = addChildBlock("to_out", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long tokens = x.getShape().get(1);
        int head = dim / heads;
        NDArray normed = norm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray projected = qkv.forward(store, new NDList(normed), training).singletonOrThrow()
                .reshape(tokens, 3, heads, head).transpose(1, 2, 0, 3);
        NDArray q = projected.get(0);
        NDArray k = projected.get(1);
        NDArray v = projected.get(2);
        NDArray attention = q.matMul(k.transpose(0, 2, 1)).div((float) Math.sqrt(head)).softmax(2);
        NDArray mixed = attention.matMul(v).transpose(1, 0, 2).reshape(1, tokens, dim);
        NDArray y = x.add(out.forward(store, new NDList(mixed), training).singletonOrThrow());
        return new NDList(y, attention.mean(new int[] {0}).expandDims(0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(1, x.get(1), x.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes[0]);
        qkv.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, inputShapes[0]);
    }
}

package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.histo4j.model.Scalars;

/**
 * TransMIL's {@code TransLayer} with exact multi-head self-attention in place of Nyström attention, pre-norm with a
 * residual: y = x + Dropout(W_o MHA(LayerNorm(x))) (the paper's attention has dropout 0.1 on its output). Per head, q, k, v come from W_qkv LayerNorm(x) (no bias) and
 * attention = softmax(q k^T / sqrt(d_head) + key mask) v, where the key mask is 0 for real tokens and a large negative
 * number for padding, so no token attends to padding (a padded token still attends to the real ones, so no row of
 * the softmax is empty).
 *
 * <p>Input {@code NDList(x B x T x dim, keys B x T)} with keys 1 for tokens that may be attended; output
 * {@code NDList(y B x T x dim, first B x T)}, {@code first} the attention of the first token (the class token) over
 * all tokens, averaged over heads.
 */
final class SelfAttentionLayer extends AbstractBlock {

    private final int dim;
    private final int heads;
    private final Block norm;
    private final Block qkv;
    private final Block out;
    private final Block dropout;

    SelfAttentionLayer(int dim, int heads, float dropout) {
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("heads: " + heads + " does not divide the token width " + dim);
        }
        this.dim = dim;
        this.heads = heads;
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("to_qkv", Linear.builder().setUnits(3L * dim).optBias(false).build());
        out = addChildBlock("to_out", Linear.builder().setUnits(dim).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray keys = inputs.get(1);
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        int head = dim / heads;
        NDArray normed = norm.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray qkvHeads = qkv.forward(store, new NDList(normed), training).singletonOrThrow()
                .reshape(batch, tokens, 3, heads, head).transpose(2, 0, 3, 1, 4);
        NDArray q = qkvHeads.get(0);
        NDArray k = qkvHeads.get(1);
        NDArray v = qkvHeads.get(2);
        NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(head));
        NDArray attention = PoolingModel.maskedSoftmax(scores, keys.reshape(batch, 1, 1, tokens), 3);
        NDArray mixed = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
        NDArray projected = out.forward(store, new NDList(mixed), training).singletonOrThrow();
        NDArray y = x.add(dropout.forward(store, new NDList(projected), training).singletonOrThrow());
        return new NDList(y, attention.get(":, :, 0, :").mean(new int[] {1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), x.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes[0]);
        qkv.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, inputShapes[0]);
        dropout.initialize(manager, dataType, inputShapes[0]);
    }
}

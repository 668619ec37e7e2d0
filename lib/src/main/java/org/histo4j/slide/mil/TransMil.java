package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * TransMIL (Shao et al. 2021), as in {@code models/TransMIL.py} of szc19990412/TransMIL, with exact multi-head
 * self-attention where the original uses Nyström attention (an approximation for sequences of thousands of tiles;
 * exact attention is cheaper at the bag sizes of this library and needs no landmark count).
 *
 * <p>Per bag: tiles are embedded, h = ReLU(W1 x) (D -> dim); the sequence of n tokens is squared by repeating its
 * first s^2 - n tokens, s = ceil(sqrt(n)); a learned class token is prepended; then a transformer layer
 * ({@link SelfAttentionLayer}), the PPEG positional encoding (the s x s token grid plus depthwise 7x7, 5x5 and 3x3
 * convolutions of it), a second layer, LayerNorm, and a linear classifier on the class token.
 *
 * <p>Padded bags: each bag of a batch is run on its real tiles only (the mask gives their number), so padding never
 * changes a prediction. The reported tile weights are the class token's attention to the tokens in the second
 * layer, averaged over heads, with a repeated token's weight added to its original tile, renormalised to sum to 1
 * over the bag's tiles.
 */
public final class TransMil extends PoolingModel {

    private final int dim;
    private final Block embedding;
    private final Parameter classToken;
    private final SelfAttentionLayer layer1;
    private final SelfAttentionLayer layer2;
    private final Block ppeg7;
    private final Block ppeg5;
    private final Block ppeg3;
    private final Block norm;
    private final Block classifier;

    /** A TransMIL for {@code classes} slide classes with token width {@code dim} (512 in the paper) and heads. */
    public TransMil(int classes, int dim, int heads) {
        super(classes);
        this.dim = dim;
        embedding = addChildBlock("fc1", new SequentialBlock().add(Linear.builder().setUnits(dim).build())
                .add(Activation::relu));
        classToken = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, dim)).optInitializer(new NormalInitializer(1f)).build());
        layer1 = addChildBlock("layer1", new SelfAttentionLayer(dim, heads));
        ppeg7 = addChildBlock("pos_layer_proj", depthwise(dim, 7));
        ppeg5 = addChildBlock("pos_layer_proj1", depthwise(dim, 5));
        ppeg3 = addChildBlock("pos_layer_proj2", depthwise(dim, 3));
        layer2 = addChildBlock("layer2", new SelfAttentionLayer(dim, heads));
        norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
        classifier = addChildBlock("fc2", Linear.builder().setUnits(classes).build());
    }

    private static Block depthwise(int dim, int kernel) {
        return Conv2d.builder().setFilters(dim).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(dim).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        float[] mask = inputs.get(1).toFloatArray();
        int bags = (int) features.getShape().get(0);
        int longest = (int) features.getShape().get(1);
        NDList logits = new NDList();
        NDList weights = new NDList();
        for (int b = 0; b < bags; b++) {
            int real = 0;
            for (int n = 0; n < longest; n++) {
                real += mask[b * longest + n] > 0 ? 1 : 0;
            }
            NDList one = bag(store, features.get(b).get(":" + real).expandDims(0), training);
            logits.add(one.get(0));
            NDArray w = one.get(1);
            weights.add(real < longest ? w.concat(w.getManager().zeros(new Shape(longest - real)), 0) : w);
        }
        return new NDList(NDArrays.concat(logits, 0), NDArrays.stack(weights, 0));
    }

    /** Logits (1 x classes) and tile weights (n) of one bag {@code 1 x n x D}. */
    private NDList bag(ParameterStore store, NDArray x, boolean training) {
        int n = (int) x.getShape().get(1);
        int side = (int) Math.ceil(Math.sqrt(n));
        int added = side * side - n;
        NDArray h = embedding.forward(store, new NDList(x), training).singletonOrThrow();
        if (added > 0) {
            h = h.concat(h.get(":, :" + added + ", :"), 1);
        }
        NDArray cls = store.getValue(classToken, h.getDevice(), training);
        h = cls.concat(h, 1);
        h = layer1.forward(store, new NDList(h), training).get(0);
        h = positional(store, h, side, training);
        NDList second = layer2.forward(store, new NDList(h), training);
        NDArray token = norm.forward(store, new NDList(second.get(0).get(":, 0, :")), training).singletonOrThrow();
        NDArray logits = classifier.forward(store, new NDList(token), training).singletonOrThrow();
        NDArray toTokens = second.get(1).get("0, 0, 1:");
        NDArray weights = toTokens.get(":" + n);
        if (added > 0) {
            NDArray repeated = toTokens.get(n + ":");
            weights = weights.add(repeated.concat(weights.getManager().zeros(new Shape(n - added)), 0));
        }
        weights = weights.div(weights.sum());
        return new NDList(logits, weights.stopGradient());
    }

    /** PPEG: the tokens after the class token as a {@code side x side} grid, plus three depthwise convolutions. */
    private NDArray positional(ParameterStore store, NDArray h, int side, boolean training) {
        NDArray cls = h.get(":, :1, :");
        NDArray grid = h.get(":, 1:, :").transpose(0, 2, 1).reshape(1, dim, side, side);
        NDArray mixed = grid.add(ppeg7.forward(store, new NDList(grid), training).singletonOrThrow())
                .add(ppeg5.forward(store, new NDList(grid), training).singletonOrThrow())
                .add(ppeg3.forward(store, new NDList(grid), training).singletonOrThrow());
        return cls.concat(mixed.reshape(1, dim, (long) side * side).transpose(0, 2, 1), 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = new Shape(1, 5, dim);
        layer1.initialize(manager, dataType, tokens);
        layer2.initialize(manager, dataType, tokens);
        Shape grid = new Shape(1, dim, 2, 2);
        for (Block conv : new Block[] {ppeg7, ppeg5, ppeg3}) {
            conv.initialize(manager, dataType, grid);
        }
        norm.initialize(manager, dataType, new Shape(1, dim));
        classifier.initialize(manager, dataType, new Shape(1, dim));
    }
}

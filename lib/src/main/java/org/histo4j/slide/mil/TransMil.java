package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
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
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.histo4j.model.Scalars;

/**
 * TransMIL (Shao et al., NeurIPS 2021), as in {@code models/TransMIL.py} of szc19990412/TransMIL, with <b>exact
 * multi-head self-attention</b> where the paper uses Nyström attention. Nyström attention approximates softmax
 * attention for sequences of many thousand tokens; its landmarks are means over segments of the padded sequence,
 * so a bag's output would depend on the padding of the batch it sits in, and its "attention" is not a distribution
 * over tiles. Exact attention keeps both properties; its cost is O(T^2) memory per head for T tokens, which suits
 * bags of up to a few thousand tiles (train with fewer slides per batch for larger bags).
 *
 * <p>Per bag of n tiles: h_k = ReLU(W1 x_k) (D -> dim); the sequence is squared by repeating its first
 * s^2 - n tokens, s = ceil(sqrt(n)); a learned class token is prepended; then a transformer layer
 * ({@link SelfAttentionLayer}: pre-LayerNorm, multi-head attention scaled by 1/sqrt(d_head), residual), the PPEG
 * positional module (the s x s token grid plus its depthwise 7x7, 5x5 and 3x3 convolutions), a second layer,
 * LayerNorm, and a linear classifier on the class token.
 *
 * <p>Batches: bag b's s_b x s_b grid sits in the top-left corner of an S x S grid, S the largest s_b of the batch,
 * and every other cell is zero before each convolution and masked as an attention key, so a padded bag gives the
 * same logits as the bag alone (zero padding of the convolutions sees zeros either way). The tile weights are the
 * class token's attention over the tokens in the second layer, averaged over heads; a repeated token's weight is
 * added to its tile, and the weights are renormalised to sum to 1 over the bag's real tiles (the class token's
 * attention to itself is left out). Trained by {@link SlideTrainer} (Adam, weight decay 1e-5; the paper's learning
 * rate is 2e-4) it needed no gradient clipping: 30 epochs at learning rates 1e-3 and 2e-3 on the synthetic cohort of
 * the tests stayed finite with test slide AUC 1.0.
 */
public final class TransMil extends PoolingModel {

    /**
     * PyTorch's default weight initialisation of linear and convolution layers, U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
     * which the paper's code relies on. DJL's default (He, variance 2/fan_in) makes each PPEG convolution's output
     * about twice as large as its input, so at initialisation a token after the PPEG is one seventh itself and six
     * sevenths its (randomly placed) neighbours; TransMIL then memorised the training slides instead of finding the
     * lesion tiles (test slide AUC 0.68 to 0.77 at training loss below 0.01 on the synthetic cohort of the tests).
     */
    private static final Initializer TORCH_DEFAULT = new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
            XavierInitializer.FactorType.IN, 1f);

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

    private TransMil(Builder b) {
        super(b.classes);
        this.dim = b.dim;
        embedding = addChildBlock("fc1", new SequentialBlock().add(Linear.builder().setUnits(dim).build())
                .add(Activation::relu));
        classToken = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, dim)).optInitializer(new NormalInitializer(1f)).build());
        layer1 = addChildBlock("layer1", new SelfAttentionLayer(dim, b.heads, b.dropout));
        ppeg7 = addChildBlock("pos_layer_proj", depthwise(dim, 7));
        ppeg5 = addChildBlock("pos_layer_proj1", depthwise(dim, 5));
        ppeg3 = addChildBlock("pos_layer_proj2", depthwise(dim, 3));
        layer2 = addChildBlock("layer2", new SelfAttentionLayer(dim, b.heads, b.dropout));
        norm = addChildBlock("norm", LayerNorm.builder().axis(1).build());
        classifier = addChildBlock("fc2", Linear.builder().setUnits(classes).build());
        for (Block block : new Block[] {embedding, layer1, ppeg7, ppeg5, ppeg3, layer2, classifier}) {
            block.setInitializer(TORCH_DEFAULT, Parameter.Type.WEIGHT);
        }
    }

    /** Starts a builder: 2 classes, 64-wide tokens, 4 heads (the paper: 512 and 8), dropout 0.1. */
    public static Builder builder() {
        return new Builder();
    }

    private static Block depthwise(int dim, int kernel) {
        return Conv2d.builder().setFilters(dim).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(dim).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray mask = inputs.get(1);
        long batch = features.getShape().get(0);
        SquareLayout layout = SquareLayout.of(mask.toFloatArray(), (int) batch, (int) features.getShape().get(1));
        NDManager manager = features.getManager();
        long cells = layout.cells();
        NDArray grid = manager.create(layout.gridMask(), new Shape(batch, cells, 1));
        NDArray keys = manager.ones(new Shape(batch, 1, 1)).concat(grid, 1);
        NDArray h = embedding.forward(store, new NDList(features), training).singletonOrThrow();
        NDArray index = manager.create(layout.tokenTile(), new Shape(batch, cells, 1)).broadcast(batch, cells, dim);
        NDArray tokens = h.gather(index, 1).mul(grid);
        NDArray cls = store.getValue(classToken, h.getDevice(), training).broadcast(batch, 1, dim);
        NDArray x = cls.concat(tokens, 1);
        NDArray keyMask = keys.squeeze(2);
        x = layer1.forward(store, new NDList(x, keyMask), training).get(0).mul(keys);
        x = positional(store, x, grid, layout.side(), training);
        NDList second = layer2.forward(store, new NDList(x, keyMask), training);
        NDArray token = norm.forward(store, new NDList(second.get(0).get(":, 0, :")), training).singletonOrThrow();
        NDArray logits = classifier.forward(store, new NDList(token), training).singletonOrThrow();
        return new NDList(logits, tileWeights(second.get(1).stopGradient(), layout, mask));
    }

    /** The class token's attention to the grid cells, summed back onto tiles and renormalised over real tiles. */
    private static NDArray tileWeights(NDArray classRow, SquareLayout layout, NDArray mask) {
        NDManager manager = classRow.getManager();
        Shape tiles = mask.getShape();
        NDArray cells = classRow.get(":, 1:");
        cells = cells.concat(manager.zeros(new Shape(tiles.get(0), 1)), 1);
        NDArray weights = cells.gather(manager.create(layout.firstCell(), tiles), 1)
                .add(cells.gather(manager.create(layout.repeatCell(), tiles), 1)).mul(mask);
        return weights.div(Scalars.maximum(weights.sum(new int[] {1}, true), Float.MIN_NORMAL));
    }

    /** PPEG: the grid cells plus three depthwise convolutions of them; padded cells stay zero. */
    private NDArray positional(ParameterStore store, NDArray x, NDArray grid, int side, boolean training) {
        long batch = x.getShape().get(0);
        NDArray cls = x.get(":, :1, :");
        NDArray image = x.get(":, 1:, :").transpose(0, 2, 1).reshape(batch, dim, side, side);
        NDArray mixed = image.add(ppeg7.forward(store, new NDList(image), training).singletonOrThrow())
                .add(ppeg5.forward(store, new NDList(image), training).singletonOrThrow())
                .add(ppeg3.forward(store, new NDList(image), training).singletonOrThrow());
        NDArray cells = mixed.reshape(batch, dim, (long) side * side).transpose(0, 2, 1).mul(grid);
        return cls.concat(cells, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = new Shape(1, 5, dim);
        layer1.initialize(manager, dataType, tokens, new Shape(1, 5));
        layer2.initialize(manager, dataType, tokens, new Shape(1, 5));
        Shape grid = new Shape(1, dim, 2, 2);
        for (Block conv : new Block[] {ppeg7, ppeg5, ppeg3}) {
            conv.initialize(manager, dataType, grid);
        }
        norm.initialize(manager, dataType, new Shape(1, dim));
        classifier.initialize(manager, dataType, new Shape(1, dim));
    }

    /** Configures a {@link TransMil}. */
    public static final class Builder {
        private int classes = 2;
        private int dim = 64;
        private int heads = 4;
        private float dropout = 0.1f;

        private Builder() {}

        /** Number of slide classes (default 2). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Width of the tokens (default 64; the paper's is 512). */
        public Builder optDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Attention heads; they must divide the token width (default 4; the paper's is 8). */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Dropout on each attention layer's output during training (default 0.1, the paper's). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Validates and builds. */
        public TransMil build() {
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout: must be in [0, 1), got " + dropout);
            }
            if (dim < 1) {
                throw new IllegalArgumentException("dim: the token width must be positive, got " + dim);
            }
            if (heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException("heads: must divide the token width " + dim + ", got " + heads);
            }
            return new TransMil(this);
        }
    }
}

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
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Attention-based multiple-instance learning (ABMIL, Ilse, Tomczak and Welling 2018), in the plain tanh form
 * HistoTransfer uses and the gated form of CLAM.
 *
 * <p>Each tile feature x_k is embedded, h_k = ReLU(W2 ReLU(W1 x_k)) (D -> 256 -> 64 by default); its attention
 * score is s_k = w^T tanh(V h_k) (plain) or s_k = w^T (tanh(V h_k) * sigmoid(U h_k)) (gated), with V, U: 64 -> 32;
 * the weights a_k = softmax_k(s_k) over the bag's real tiles; the slide is z = sum_k a_k h_k and its logits W_c z.
 */
public final class AttentionMil extends PoolingModel {

    private final boolean gated;
    private final Block embedding;
    private final Block attentionV;
    private final Block attentionU;
    private final Block attentionW;
    private final Block classifier;

    private AttentionMil(Builder builder) {
        super(builder.classes);
        this.gated = builder.gated;
        SequentialBlock embed = new SequentialBlock();
        for (int units : builder.hidden) {
            embed.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
            if (builder.dropout > 0) {
                embed.add(Dropout.builder().optRate(builder.dropout).build());
            }
        }
        embedding = addChildBlock("embedding", embed);
        attentionV = addChildBlock("attention_v", Linear.builder().setUnits(builder.attention).build());
        attentionU = gated ? addChildBlock("attention_u", Linear.builder().setUnits(builder.attention).build()) : null;
        attentionW = addChildBlock("attention_w", Linear.builder().setUnits(1).build());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(builder.classes).build());
    }

    /** Starts a builder: plain attention, 2 classes, D -> 256 -> 64, attention 64 -> 32, dropout 0.25. */
    public static Builder builder() {
        return new Builder();
    }

    /** True for the gated (tanh x sigmoid) attention of CLAM. */
    public boolean gated() {
        return gated;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray h = embedding.forward(store, new NDList(features), training).singletonOrThrow();
        NDArray a = attentionV.forward(store, new NDList(h), training).singletonOrThrow().tanh();
        if (gated) {
            a = a.mul(Activation.sigmoid(attentionU.forward(store, new NDList(h), training).singletonOrThrow()));
        }
        NDArray scores = attentionW.forward(store, new NDList(a), training).singletonOrThrow().squeeze(2);
        NDArray weights = maskedSoftmax(scores, mask);
        NDArray slide = weightedSum(h, weights);
        NDArray logits = classifier.forward(store, new NDList(slide), training).singletonOrThrow();
        return new NDList(logits, weights);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = inputShapes[0];
        embedding.initialize(manager, dataType, features);
        Shape h = embedding.getOutputShapes(new Shape[] {features})[0];
        attentionV.initialize(manager, dataType, h);
        if (gated) {
            attentionU.initialize(manager, dataType, h);
        }
        Shape a = attentionV.getOutputShapes(new Shape[] {h})[0];
        attentionW.initialize(manager, dataType, a);
        classifier.initialize(manager, dataType, new Shape(features.get(0), h.get(h.dimension() - 1)));
    }

    /** Configures an {@link AttentionMil}. */
    public static final class Builder {
        private int classes = 2;
        private boolean gated;
        private int[] hidden = {256, 64};
        private int attention = 32;
        private float dropout = 0.25f;

        private Builder() {}

        /** Number of slide classes (default 2). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Gated attention, tanh(V h) * sigmoid(U h), as in CLAM (default: plain tanh). */
        public Builder optGated(boolean gated) {
            this.gated = gated;
            return this;
        }

        /** Widths of the tile embedding layers (default 256, 64). */
        public Builder optHidden(int... hidden) {
            this.hidden = hidden.clone();
            return this;
        }

        /** Width of the attention layer (default 32). */
        public Builder optAttention(int attention) {
            this.attention = attention;
            return this;
        }

        /** Dropout after each embedding layer during training (default 0.25; 0 for none). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Builds the model; its weights are created on first initialisation. */
        public AttentionMil build() {
            if (hidden.length == 0) {
                throw new IllegalArgumentException("hidden: at least one embedding layer is needed");
            }
            if (attention < 1) {
                throw new IllegalArgumentException("attention: width must be positive, got " + attention);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout: must be in [0, 1), got " + dropout);
            }
            return new AttentionMil(this);
        }
    }
}

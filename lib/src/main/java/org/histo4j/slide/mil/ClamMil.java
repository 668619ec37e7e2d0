package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import java.util.ArrayList;
import java.util.List;

/**
 * CLAM, clustering-constrained attention MIL (Lu et al. 2021), single-branch (SB) and multi-branch (MB), as in
 * {@code models/model_clam.py} of mahmoodlab/CLAM.
 *
 * <p>Tiles are embedded, h_k = ReLU(W1 x_k) (D -> 512 in CLAM's "small" size); gated attention scores
 * s_k = W_c (tanh(V h_k) * sigmoid(U h_k)) have one branch (SB) or one per class (MB); a_k = softmax_k(s_k) over the
 * bag's real tiles and the slide vector per branch is z = sum_k a_k h_k. SB classifies z with one linear layer; MB
 * scores class c with its own linear layer on its own branch's z_c. Each class also has an instance classifier
 * (linear, 2 outputs) applied to every h_k, which {@link ClamLoss} trains on the most and least attended tiles.
 *
 * <p>Outputs: {@code NDList(logits B x C, weights B x N, attention B x K x N, instance logits B x C x N x 2,
 * mask B x N)}, K the number of branches. The weights are the attention of SB's single branch, or for MB the branch
 * of the predicted class (as CLAM's heatmaps show). Train it with {@link ClamLoss} (bag weight 0.7).
 */
public final class ClamMil extends PoolingModel {

    private final boolean multiBranch;
    private final Block embedding;
    private final Block attentionV;
    private final Block attentionU;
    private final Block attentionW;
    private final List<Block> classifiers = new ArrayList<>();
    private final List<Block> instanceClassifiers = new ArrayList<>();

    private ClamMil(Builder b) {
        super(b.classes);
        this.multiBranch = b.multiBranch;
        SequentialBlock embed = new SequentialBlock().add(Linear.builder().setUnits(b.hidden).build())
                .add(Activation::relu);
        if (b.dropout > 0) {
            embed.add(Dropout.builder().optRate(b.dropout).build());
        }
        embedding = addChildBlock("embedding", embed);
        attentionV = addChildBlock("attention_a", Linear.builder().setUnits(b.attention).build());
        attentionU = addChildBlock("attention_b", Linear.builder().setUnits(b.attention).build());
        attentionW = addChildBlock("attention_c", Linear.builder().setUnits(branches()).build());
        if (multiBranch) {
            for (int c = 0; c < classes; c++) {
                classifiers.add(addChildBlock("classifier_" + c, Linear.builder().setUnits(1).build()));
            }
        } else {
            classifiers.add(addChildBlock("classifier", Linear.builder().setUnits(classes).build()));
        }
        for (int c = 0; c < classes; c++) {
            instanceClassifiers.add(addChildBlock("instance_classifier_" + c, Linear.builder().setUnits(2).build()));
        }
    }

    /** Starts a builder: CLAM-SB, 2 classes, D -> 128 embedding, attention width 64, no dropout. */
    public static Builder builder() {
        return new Builder();
    }

    /** True for CLAM-MB (one attention branch per class). */
    public boolean multiBranch() {
        return multiBranch;
    }

    /** Attention branches: the number of classes for MB, 1 for SB. */
    public int branches() {
        return multiBranch ? classes : 1;
    }

    /** The attention of every branch, {@code B x K x N}, of a forward pass's outputs. */
    public static NDArray attention(NDList outputs) {
        return outputs.get(2);
    }

    /** The instance classifiers' logits, {@code B x C x N x 2}, of a forward pass's outputs. */
    public static NDArray instanceLogits(NDList outputs) {
        return outputs.get(3);
    }

    /** The tile mask, {@code B x N}, passed through to the outputs for the loss. */
    public static NDArray mask(NDList outputs) {
        return outputs.get(4);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray h = embedding.forward(store, new NDList(features), training).singletonOrThrow();
        NDArray gated = attentionV.forward(store, new NDList(h), training).singletonOrThrow().tanh()
                .mul(Activation.sigmoid(attentionU.forward(store, new NDList(h), training).singletonOrThrow()));
        NDArray scores = attentionW.forward(store, new NDList(gated), training).singletonOrThrow()
                .transpose(0, 2, 1);
        NDArray attention = maskedSoftmax(scores, mask.expandDims(1), 2);
        NDArray slide = attention.matMul(h);
        NDArray logits;
        if (multiBranch) {
            NDList perClass = new NDList();
            for (int c = 0; c < classes; c++) {
                perClass.add(classifiers.get(c).forward(store, new NDList(slide.get(":, {}, :", c)), training)
                        .singletonOrThrow());
            }
            logits = NDArrays.concat(perClass, 1);
        } else {
            logits = classifiers.getFirst().forward(store, new NDList(slide.squeeze(1)), training)
                    .singletonOrThrow();
        }
        NDArray weights = multiBranch
                ? attention.mul(logits.argMax(1).oneHot(classes).expandDims(2)).sum(new int[] {1})
                : attention.squeeze(1);
        NDList instance = new NDList();
        for (Block classifier : instanceClassifiers) {
            instance.add(classifier.forward(store, new NDList(h), training).singletonOrThrow());
        }
        return new NDList(logits, weights, attention, NDArrays.stack(instance, 1), mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape f = inputShapes[0];
        return new Shape[] {new Shape(f.get(0), classes), new Shape(f.get(0), f.get(1)),
            new Shape(f.get(0), branches(), f.get(1)), new Shape(f.get(0), classes, f.get(1), 2), inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = inputShapes[0];
        embedding.initialize(manager, dataType, features);
        Shape h = embedding.getOutputShapes(new Shape[] {features})[0];
        attentionV.initialize(manager, dataType, h);
        attentionU.initialize(manager, dataType, h);
        attentionW.initialize(manager, dataType, attentionV.getOutputShapes(new Shape[] {h})[0]);
        Shape slide = new Shape(features.get(0), h.get(2));
        classifiers.forEach(c -> c.initialize(manager, dataType, slide));
        instanceClassifiers.forEach(c -> c.initialize(manager, dataType, h));
    }

    /** Configures a {@link ClamMil}. */
    public static final class Builder {
        private int classes = 2;
        private boolean multiBranch;
        private int hidden = 128;
        private int attention = 64;
        private float dropout;

        private Builder() {}

        /** Number of slide classes (default 2). */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** CLAM-MB, one attention branch and one bag classifier per class (default false: CLAM-SB). */
        public Builder optMultiBranch(boolean multiBranch) {
            this.multiBranch = multiBranch;
            return this;
        }

        /** Width of the tile embedding (default 128; CLAM's "small" is 512). */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Width of the gated attention layers (default 64; CLAM's "small" is 256). */
        public Builder optAttention(int attention) {
            this.attention = attention;
            return this;
        }

        /** Dropout after the embedding during training (default 0, CLAM's default). */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Validates and builds. */
        public ClamMil build() {
            if (hidden < 1 || attention < 1) {
                throw new IllegalArgumentException("hidden and attention: widths must be positive, got " + hidden
                        + " and " + attention);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout: must be in [0, 1), got " + dropout);
            }
            return new ClamMil(this);
        }
    }
}

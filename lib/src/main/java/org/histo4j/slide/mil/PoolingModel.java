package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import org.histo4j.model.Scalars;

/**
 * A slide classifier that pools a bag of tile features into one prediction per slide: the seam for new
 * multiple-instance models.
 *
 * <p>Input: {@code NDList(features, mask)} with features {@code B x N x D} (a batch of B bags padded to N tiles)
 * and mask {@code B x N} (1 for a real tile, 0 for padding). Output: {@code NDList(logits, weights)} with logits
 * {@code B x classes} and weights {@code B x N}, how much each tile counted (zero on padding; for attention
 * models they sum to 1 over each bag's real tiles, for others report what is natural, e.g. uniform).
 *
 * <p>To write your own: extend this class, create the layers in the constructor with {@code addChildBlock},
 * initialise them in {@code initializeChildBlocks} from {@code inputShapes[0]}, and compute logits and weights in
 * {@code forwardInternal}; use {@link #maskedSoftmax} so that padding never receives weight, and
 * {@link #weightedSum} to pool. Return the two output shapes from {@code getOutputShapes}. Arithmetic with a
 * constant goes through {@link org.histo4j.model.Scalars} ({@code Scalars.mul(x, 0.5)}, not {@code x.mul(0.5f)},
 * which can hand backward freed memory).
 */
public abstract class PoolingModel extends AbstractBlock {

    /** Large negative score given to padding before the softmax. */
    private static final float MASKED_SCORE = -1e9f;

    /** The number of slide classes. */
    protected final int classes;

    /** Creates a pooling model with {@code classes} outputs. */
    protected PoolingModel(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a slide classifier needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    /** The number of slide classes. */
    public int classes() {
        return classes;
    }

    /** Softmax over each bag's tiles ({@code scores} B x N) that gives padded tiles exactly zero weight. */
    protected static NDArray maskedSoftmax(NDArray scores, NDArray mask) {
        return maskedSoftmax(scores, mask, 1);
    }

    /** Softmax along {@code axis} (the tile axis) that gives padded tiles exactly zero weight; mask broadcasts. */
    protected static NDArray maskedSoftmax(NDArray scores, NDArray mask, int axis) {
        NDArray masked = scores.add(Scalars.mul(mask.sub(1f).neg(), MASKED_SCORE));
        return masked.softmax(axis).mul(mask);
    }

    /** Pools tile embeddings {@code h} (B x N x E) with weights (B x N) into B x E. */
    protected static NDArray weightedSum(NDArray h, NDArray weights) {
        return h.mul(weights.expandDims(2)).sum(new int[] {1});
    }

    /** Shapes of the two outputs for input shapes {@code [B, N, D]} and {@code [B, N]}. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape features = inputShapes[0];
        return new Shape[] {new Shape(features.get(0), classes), new Shape(features.get(0), features.get(1))};
    }

    /** The logits of an output list. */
    public static NDArray logits(NDList outputs) {
        return outputs.get(0);
    }

    /** The tile weights of an output list. */
    public static NDArray weights(NDList outputs) {
        return outputs.get(1);
    }
}

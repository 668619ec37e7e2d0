package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The default slide loss: softmax cross-entropy of the slide logits (the first model output), averaged over the
 * batch, whatever other outputs (tile weights, instance logits) the model returns. Slide trainers hand a loss the
 * slide labels and every output of the model, so losses that also use other outputs ({@link ClamLoss}) plug in.
 */
public final class SlideLoss extends Loss {

    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    /** The cross-entropy of the slide logits. */
    public SlideLoss() {
        super("slide_cross_entropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return crossEntropy.evaluate(labels, new NDList(predictions.get(0)));
    }
}

package org.histo4j.train.config;

import org.histo4j.train.optim.OptimizerKind;

/**
 * How each step updates the network: the paper's loss L = (1/B) Σ cross-entropy on each sample's own head,
 * minimised with SGD or Adam, heads possibly faster, head gradients rescaled by B/|B_t|, optionally PCGrad.
 *
 * @param optimizer SGD (with momentum) or Adam
 * @param batchSize the number of images per step, B
 * @param learningRate the encoder's base learning rate
 * @param momentum SGD's momentum
 * @param weightDecay the L2 weight decay λ added to every updated parameter's gradient
 * @param headLrMultiplier heads learn this many times faster than the encoder (the paper tries 1, 5 and 10)
 * @param headGradientScaling whether each head's gradient is multiplied by B/|B_t| (the paper's rescaling; off
 *     gives the plain batch-mean gradient, for comparison); heads absent from a batch are never updated
 * @param pcGrad whether the encoder's gradient is combined with PCGrad's gradient surgery
 */
public record OptimisationConfig(OptimizerKind optimizer, int batchSize, float learningRate, float momentum,
        float weightDecay, float headLrMultiplier, boolean headGradientScaling, boolean pcGrad) {

    /** Checks every value, naming the builder method that sets it. */
    public OptimisationConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optOptimizer: SGD or ADAM is required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("optBatchSize: " + batchSize + " must be at least 1");
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("optLearningRate: " + learningRate + " must be positive");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("optMomentum: " + momentum + " must be in [0, 1)");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("optWeightDecay: " + weightDecay + " must be >= 0");
        }
        if (!(headLrMultiplier > 0)) {
            throw new IllegalArgumentException("optHeadLrMultiplier: " + headLrMultiplier + " must be positive");
        }
    }
}

package org.histo4j.train.optim;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;

/**
 * The update rule of every training loop of histo4j (pre-training, fine-tuning, slide classifiers): SGD with
 * momentum or Adam. {@link #create} gives DJL's optimiser of this kind; pre-training's resumable optimiser
 * ({@code org.histo4j.train.ResumableOptimizer}) implements the same two rules with state it can save.
 */
public enum OptimizerKind {
    /** SGD with momentum, DJL's form: v ← μ v + η (g + λ w), w ← w − v. */
    SGD,
    /** Adam (β1 0.9, β2 0.999, ε 1e-8), weight decay λ w added to the gradient. */
    ADAM;

    /** SGD's momentum when none is given: 0.9, as the multi-task paper. */
    public static final float DEFAULT_MOMENTUM = 0.9f;

    /**
     * DJL's optimiser of this kind with learning rates {@code rates} (per parameter, or one {@link Tracker}),
     * SGD's {@code momentum} (ignored by Adam), weight decay {@code weightDecay}, and {@code updatesDone} updates
     * already done (the schedule continues from there).
     */
    public Optimizer create(ParameterTracker rates, float momentum, float weightDecay, int updatesDone) {
        return switch (this) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(rates).optMomentum(momentum)
                    .optWeightDecays(weightDecay).optBeginNumUpdate(updatesDone).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(rates).optWeightDecays(weightDecay)
                    .optBeginNumUpdate(updatesDone).build();
        };
    }

    /** This kind at a fixed learning rate, SGD with momentum {@link #DEFAULT_MOMENTUM}, from the first update. */
    public Optimizer fixedRate(float learningRate, float weightDecay) {
        return create(Tracker.fixed(learningRate), DEFAULT_MOMENTUM, weightDecay, 0);
    }
}

package org.histo4j.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * A DJL optimiser for multi-task training: wraps SGD or Adam (whose learning rate is per parameter, see
 * {@link ParameterGroups#learningRates}) and applies the current {@link GradientPlan} before each update.
 *
 * <p>Per parameter p with gradient g at update t, with factor f<sub>p</sub> from the plan:
 * <ul>
 *   <li>skipped: nothing changes (weight, momentum or moments, update count), and p's gradient is zeroed so that
 *       it does not accumulate into the next step;</li>
 *   <li>SGD: g' = f<sub>p</sub> g + λ w, v ← μ v + η<sub>p</sub>(t) g', w ← w − v (DJL's SGD, weight decay λ
 *       inside the momentum);</li>
 *   <li>Adam: the same g' fed to DJL's Adam (bias-corrected with DJL's global update count t).</li>
 * </ul>
 * Set the plan before each {@code trainer.step()}: {@code optimizer.setPlan(GradientPlan.headScaling(groups,
 * counts, batchSize))}.
 */
public final class MultiTaskOptimizer extends Optimizer {

    private final Optimizer delegate;
    private volatile GradientPlan plan = GradientPlan.NONE;

    private MultiTaskOptimizer(Optimizer delegate) {
        super(new NoOptions());
        this.delegate = delegate;
    }

    /** Wraps any DJL optimiser; its learning-rate tracker should come from {@link ParameterGroups#learningRates}. */
    public static MultiTaskOptimizer wrap(Optimizer delegate) {
        return new MultiTaskOptimizer(delegate);
    }

    /** SGD with momentum and weight decay (the paper: momentum 0.9), heads at {@code headMultiplier} times the rate. */
    public static MultiTaskOptimizer sgd(ParameterGroups groups, Tracker schedule, float headMultiplier,
            float momentum, float weightDecay) {
        return wrap(Optimizer.sgd().setLearningRateTracker(groups.learningRates(schedule, headMultiplier))
                .optMomentum(momentum).optWeightDecays(weightDecay).build());
    }

    /** Adam (β1 0.9, β2 0.999, ε 1e-8) with weight decay, heads at {@code headMultiplier} times the rate. */
    public static MultiTaskOptimizer adam(ParameterGroups groups, Tracker schedule, float headMultiplier,
            float weightDecay) {
        return wrap(Optimizer.adam().optLearningRateTracker(groups.learningRates(schedule, headMultiplier))
                .optWeightDecays(weightDecay).build());
    }

    /** Sets how the next updates treat each parameter's gradient; stays in force until replaced. */
    public void setPlan(GradientPlan plan) {
        this.plan = plan;
    }

    /** The plan in force. */
    public GradientPlan plan() {
        return plan;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        GradientPlan current = plan;
        if (current.skips(parameterId)) {
            NDArray own = weight.getGradient();
            own.subi(own);
            own.close();
            return;
        }
        float factor = current.factor(parameterId);
        if (factor == 1f) {
            delegate.update(parameterId, weight, grad);
        } else {
            try (NDArray scaled = grad.mul(factor)) {
                delegate.update(parameterId, weight, scaled);
            }
        }
    }

    /** The base class wants a builder; the wrapper's own options are unused (the delegate has them). */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}

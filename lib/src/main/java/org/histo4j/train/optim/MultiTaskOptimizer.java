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
 *
 * <pre>{@code
 * MultiTaskOptimizer optimizer = MultiTaskOptimizer.builder().setGroups(groups)
 *         .setSchedule(Schedule.stepDecay(0.001f, 0.1f, 20_000)).optHeadMultiplier(10).optWeightDecay(1e-4f)
 *         .optStepsDone(resumedStep).build();
 * }</pre>
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

    /** Starts a builder of SGD or Adam with per-parameter learning rates from {@link ParameterGroups}. */
    public static Builder builder() {
        return new Builder();
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

    /** Configures a {@link MultiTaskOptimizer}. */
    public static final class Builder {
        private ParameterGroups groups;
        private Tracker schedule;
        private OptimizerKind kind = OptimizerKind.SGD;
        private float headMultiplier = 1;
        private float momentum = 0.9f;
        private float weightDecay;
        private int stepsDone;

        private Builder() {}

        /** The encoder and heads (required). */
        public Builder setGroups(ParameterGroups groups) {
            this.groups = groups;
            return this;
        }

        /** The learning-rate schedule of the encoder (required); see {@link Schedule}. */
        public Builder setSchedule(Tracker schedule) {
            this.schedule = schedule;
            return this;
        }

        /** SGD (default) or Adam. */
        public Builder optKind(OptimizerKind kind) {
            this.kind = kind;
            return this;
        }

        /** Heads learn this many times faster than the encoder (default 1; the paper tries 1, 5 and 10). */
        public Builder optHeadMultiplier(float headMultiplier) {
            this.headMultiplier = headMultiplier;
            return this;
        }

        /** SGD's momentum (default 0.9, as the paper). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Weight decay λ (default 0). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Steps already done by a resumed run (default 0), so that the schedule continues at t = stepsDone + 1.
         * Momentum and Adam moments are not restored: they start from zero again.
         */
        public Builder optStepsDone(long stepsDone) {
            this.stepsDone = Math.toIntExact(stepsDone);
            return this;
        }

        /** Builds the optimiser. */
        public MultiTaskOptimizer build() {
            if (groups == null || schedule == null) {
                throw new IllegalArgumentException((groups == null ? "groups" : "schedule") + ": set"
                        + (groups == null ? "Groups" : "Schedule") + "(...) is required");
            }
            if (momentum < 0 || momentum >= 1 || weightDecay < 0 || stepsDone < 0) {
                throw new IllegalArgumentException("need 0 <= momentum < 1, weightDecay >= 0, stepsDone >= 0, got "
                        + momentum + ", " + weightDecay + ", " + stepsDone);
            }
            var rates = groups.learningRates(schedule, headMultiplier);
            return wrap(kind.create(rates, momentum, weightDecay, stepsDone));
        }
    }
}

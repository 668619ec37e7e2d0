package org.histo4j.train.optim;

import ai.djl.training.tracker.Tracker;

/**
 * A learning-rate schedule: a DJL {@link Tracker} whose argument {@code t} is the number of the update being made,
 * 1 for the first step (DJL's optimisers count this way). Implementations are records, so a schedule can be written
 * into a run's {@code config.json} as it is.
 *
 * <p>To write your own: make a record implementing {@link #getNewValue(int)} as a pure function of {@code t}.
 */
public interface Schedule extends Tracker {

    /** The same rate at every step. */
    static Schedule constant(float rate) {
        return new Constant(rate);
    }

    /** Multiplies the rate by {@code factor} every {@code period} steps: {@code base * factor^floor((t-1)/period)}. */
    static Schedule stepDecay(float base, float factor, int period) {
        return new StepDecay(base, factor, period);
    }

    /** Cosine decay from {@code base} to {@code floor} over {@code totalSteps}, without warm-up. */
    static Schedule cosine(float base, float floor, int totalSteps) {
        return new Cosine(base, floor, totalSteps, 0);
    }

    /** Linear warm-up over {@code warmUpSteps}, then cosine decay to {@code floor} at {@code totalSteps}. */
    static Schedule cosine(float base, float floor, int totalSteps, int warmUpSteps) {
        return new Cosine(base, floor, totalSteps, warmUpSteps);
    }

    /** lr(t) = rate. */
    record Constant(float rate) implements Schedule {

        /** Checks that the rate is positive. */
        public Constant {
            positive("rate", rate);
        }

        @Override
        public float getNewValue(int t) {
            return rate;
        }
    }

    /** lr(t) = base · factor<sup>⌊(t − 1) / period⌋</sup>. */
    record StepDecay(float base, float factor, int period) implements Schedule {

        /** Checks that base and factor are positive and the period at least 1. */
        public StepDecay {
            positive("base", base);
            positive("factor", factor);
            if (period < 1) {
                throw new IllegalArgumentException("period must be >= 1, got " + period);
            }
        }

        @Override
        public float getNewValue(int t) {
            return (float) (base * Math.pow(factor, Math.floorDiv(Math.max(t, 1) - 1, period)));
        }
    }

    /**
     * Warm-up then cosine decay, with W = warmUpSteps and T = totalSteps:
     * lr(t) = base · t / W for t ≤ W; otherwise, with p = min(1, (t − W) / (T − W)),
     * lr(t) = floor + (base − floor) · (1 + cos(π p)) / 2.
     */
    record Cosine(float base, float floor, int totalSteps, int warmUpSteps) implements Schedule {

        /** Checks that 0 ≤ floor ≤ base and 0 ≤ warmUpSteps < totalSteps. */
        public Cosine {
            positive("base", base);
            if (floor < 0 || floor > base) {
                throw new IllegalArgumentException("floor must be in [0, base], got " + floor);
            }
            if (warmUpSteps < 0 || warmUpSteps >= totalSteps) {
                throw new IllegalArgumentException("need 0 <= warmUpSteps < totalSteps, got " + warmUpSteps + " and "
                        + totalSteps);
            }
        }

        @Override
        public float getNewValue(int t) {
            if (warmUpSteps > 0 && t <= warmUpSteps) {
                return base * Math.max(t, 1) / warmUpSteps;
            }
            double p = Math.min(1.0, (t - warmUpSteps) / (double) (totalSteps - warmUpSteps));
            return (float) (floor + (base - floor) * (1 + Math.cos(Math.PI * p)) / 2);
        }
    }

    private static void positive(String name, float value) {
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}

package org.histo4j.model.bench;

import java.util.Locale;

/** What a benchmark step does: a training step or an inference pass. */
public enum BenchMode {
    /** Forward, softmax cross-entropy, backward and an SGD-with-momentum step; 3 x the forward FLOPs. */
    TRAIN(3),
    /** Forward in inference mode without gradients; the forward FLOPs. */
    INFER(1);

    private final int flopMultiplier;

    BenchMode(int flopMultiplier) {
        this.flopMultiplier = flopMultiplier;
    }

    /** How many forward passes' worth of FLOPs a step counts: 3 for training (forward + 2 x backward), 1 for inference. */
    public int flopMultiplier() {
        return flopMultiplier;
    }

    /** The lower-case name used on the command line and by {@code bench_pytorch.py}: {@code train}, {@code infer}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.histo4j.model.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets libtorch's intra-op thread count. DJL 0.35.1 reads the system property {@value #INTRA_OP} when the
 * PyTorch engine starts (and {@value #INTER_OP} for inter-op threads, which libtorch accepts only before its
 * first parallel work); after start, the intra-op count is changed through {@link JniUtils#setNumThreads(int)}.
 * Other engines are left alone.
 */
public final class EngineThreads {

    /** DJL's system property for libtorch's intra-op threads. */
    public static final String INTRA_OP = "ai.djl.pytorch.num_threads";
    /** DJL's system property for libtorch's inter-op threads. */
    public static final String INTER_OP = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {}

    /**
     * Sets {@code threads} intra-op threads (set before the engine starts, the inter-op count is set to the same
     * value unless already configured) and returns the intra-op count libtorch reports.
     */
    public static int configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        System.setProperty(INTRA_OP, Integer.toString(threads));
        if (System.getProperty(INTER_OP) == null) {
            System.setProperty(INTER_OP, Integer.toString(threads));
        }
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return threads;
        }
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return JniUtils.getNumThreads();
    }
}

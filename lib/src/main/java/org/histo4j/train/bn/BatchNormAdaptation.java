package org.histo4j.train.bn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import java.util.Map;

/**
 * Resets a batch-norm layer to new input statistics without changing its output (the paper's adaptation before
 * multi-task training). In inference mode a layer computes y = γ (x − μ) / σ + β with σ = √(σ² + ε). Given new
 * statistics μ<sub>t</sub>, σ<sub>t</sub>² (σ<sub>t</sub> = √(σ<sub>t</sub>² + ε)), the layer
 *
 * <pre>
 * γ_t = γ_s σ_t / σ_s        β_t = β_s + γ_s (μ_t − μ_s) / σ_s        running mean μ_t, running variance σ_t²
 * </pre>
 *
 * gives the same y for every x, since γ_t (x − μ_t) / σ_t + β_t = γ_s (x − μ_s) / σ_s + β_s. Training then starts
 * from statistics that match the pool while the network still computes what it did.
 *
 * <pre>{@code
 * Map<BatchNorm, Moments> stats = BatchNormAdaptation.adaptAll(network, mixedBatches);
 * }</pre>
 */
public final class BatchNormAdaptation {

    private BatchNormAdaptation() {}

    /**
     * The adapted parameters, as {@code NDList(γ_t, β_t, μ_t, σ_t²)}, from the layer's γ_s, β_s, running mean μ_s and
     * running variance σ_s², the new mean μ_t and variance σ_t², and ε. The results live in γ_s's manager.
     */
    public static NDList adapt(NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar, NDArray newMean,
            NDArray newVar, float epsilon) {
        NDArray sigmaS = runningVar.add(epsilon).sqrt();
        NDArray sigmaT = newVar.add(epsilon).sqrt();
        NDArray gammaT = gamma.mul(sigmaT).div(sigmaS);
        NDArray betaT = beta.add(gamma.mul(newMean.sub(runningMean)).div(sigmaS));
        NDArray meanT = newMean.duplicate();
        NDArray varT = newVar.duplicate();
        sigmaS.close();
        sigmaT.close();
        return new NDList(gammaT, betaT, meanT, varT);
    }

    /** Writes the adapted γ, β and running statistics into a layer's own parameters. */
    public static void adapt(BatchNorm batchNorm, Moments target) {
        NDArray gamma = BatchNorms.parameter(batchNorm, "gamma").getArray();
        NDArray beta = BatchNorms.parameter(batchNorm, "beta").getArray();
        NDArray mean = BatchNorms.parameter(batchNorm, "runningMean").getArray();
        NDArray var = BatchNorms.parameter(batchNorm, "runningVar").getArray();
        try (NDManager scratch = gamma.getManager().newSubManager(gamma.getDevice())) {
            NDArray newMean = scratch.create(target.mean()).toType(mean.getDataType(), false);
            NDArray newVar = scratch.create(target.variance()).toType(var.getDataType(), false);
            NDList adapted = adapt(gamma, beta, mean, var, newMean, newVar, BatchNorms.epsilon(batchNorm));
            adapted.attach(scratch);
            NDArray[] targets = {gamma, beta, mean, var};
            for (int i = 0; i < targets.length; i++) {
                targets[i].set(adapted.get(i).toByteBuffer());
            }
        }
    }

    /** Measures every batch-norm layer's input statistics on {@code batches} and adapts each layer to them. */
    public static Map<BatchNorm, Moments> adaptAll(Block root, Iterable<NDList> batches) {
        Map<BatchNorm, Moments> moments = BatchNormProbe.measure(root, batches);
        moments.forEach(BatchNormAdaptation::adapt);
        return moments;
    }
}

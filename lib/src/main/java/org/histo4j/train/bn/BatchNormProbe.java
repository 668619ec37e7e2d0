package org.histo4j.train.bn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the per-channel statistics of the input of every batch-norm layer of a block tree, as PyTorch's
 * recomputation of batch-norm statistics does ({@code torch.optim.swa_utils.update_bn}): the batches are forwarded
 * in training mode, and for each layer the mean μ<sub>b</sub> and unbiased variance of its input over
 * (batch, spatial) positions are averaged over the K batches: μ<sub>t</sub> = (1/K) Σ<sub>b</sub> μ<sub>b</sub>,
 * σ<sub>t</sub>² = (1/K) Σ<sub>b</sub> σ<sub>b</sub>².
 *
 * <p>How, without hooks (DJL has none): every {@link BatchNorm} fetches its running statistics through the
 * {@link ParameterStore} it is given, and in training mode the engine updates them in place,
 * r ← m r + (1 − m) x̄. The probe forwards with a store that hands each layer zeros instead of its own running
 * statistics, then reads the batch statistic back as r / (1 − m). The network's own parameters are not touched;
 * layers such as dropout run in training mode too.
 */
public final class BatchNormProbe {

    private BatchNormProbe() {}

    /** The input statistics of every batch-norm layer under {@code root}, in the order of {@link BatchNorms#find}. */
    public static Map<BatchNorm, Moments> measure(Block root, Iterable<NDList> batches) {
        List<BatchNorm> layers = BatchNorms.find(root);
        Map<String, BatchNorm> byRunningMean = new HashMap<>();
        Map<String, BatchNorm> byRunningVar = new HashMap<>();
        for (BatchNorm layer : layers) {
            byRunningMean.put(BatchNorms.parameter(layer, "runningMean").getId(), layer);
            byRunningVar.put(BatchNorms.parameter(layer, "runningVar").getId(), layer);
        }
        Map<BatchNorm, double[][]> sums = new LinkedHashMap<>();
        int count = 0;
        for (NDList batch : batches) {
            NDManager parent = batch.head().getManager();
            try (NDManager step = parent.newSubManager(batch.head().getDevice())) {
                step.tempAttachAll(batch);
                SubstitutingStore store = new SubstitutingStore(step, byRunningMean, byRunningVar);
                root.forward(store, batch, true);
                store.accumulate(sums);
            }
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("no batches to measure batch-norm statistics on");
        }
        Map<BatchNorm, Moments> result = new LinkedHashMap<>();
        for (BatchNorm layer : layers) {
            double[][] sum = sums.get(layer);
            if (sum == null) {
                throw new IllegalStateException("BatchNorm " + layer + " was not used by the forward pass");
            }
            result.put(layer, new Moments(divide(sum[0], count), divide(sum[1], count), count));
        }
        return result;
    }

    private static float[] divide(double[] sum, int count) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / count);
        }
        return out;
    }

    /** Hands each batch-norm layer zeros as running statistics and remembers them. */
    private static final class SubstitutingStore extends ParameterStore {
        private final NDManager manager;
        private final Map<String, BatchNorm> byRunningMean;
        private final Map<String, BatchNorm> byRunningVar;
        private final Map<BatchNorm, NDArray[]> handed = new LinkedHashMap<>();

        SubstitutingStore(NDManager manager, Map<String, BatchNorm> byRunningMean, Map<String, BatchNorm> byRunningVar) {
            super(manager, false);
            this.manager = manager;
            this.byRunningMean = byRunningMean;
            this.byRunningVar = byRunningVar;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null;
            }
            BatchNorm layer = byRunningMean.get(parameter.getId());
            int slot = 0;
            if (layer == null) {
                layer = byRunningVar.get(parameter.getId());
                slot = 1;
            }
            if (layer == null) {
                return super.getValue(parameter, device, training);
            }
            NDArray[] pair = handed.computeIfAbsent(layer, l -> new NDArray[2]);
            if (pair[slot] != null) {
                throw new IllegalStateException("BatchNorm " + layer + " is used twice in one forward pass");
            }
            pair[slot] = manager.zeros(parameter.getShape(), parameter.getArray().getDataType());
            return pair[slot];
        }

        /** Adds this batch's mean and variance of each layer to the sums. */
        void accumulate(Map<BatchNorm, double[][]> sums) {
            handed.forEach((layer, pair) -> {
                double rate = 1f - BatchNorms.momentum(layer);
                double[][] sum = sums.computeIfAbsent(layer, l -> new double[2][(int) pair[0].size()]);
                for (int slot = 0; slot < 2; slot++) {
                    float[] values = pair[slot].toType(DataType.FLOAT32, false).toFloatArray();
                    for (int c = 0; c < values.length; c++) {
                        sum[slot][c] += values[c] / rate;
                    }
                }
            });
        }
    }
}

package org.histo4j.model.encoder;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates DJL layers and records each of their parameters under the name PyTorch gives it, so a network built
 * layer by layer maps onto a PyTorch state dict. DJL's parameter names become PyTorch's: {@code weight} and
 * {@code bias} stay, batch norm's {@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar} become
 * {@code weight}, {@code bias}, {@code running_mean}, {@code running_var} (PyTorch's {@code num_batches_tracked}
 * has no DJL counterpart). Names are recorded in creation order, which is state-dict order when layers are
 * created in the order PyTorch registers its modules.
 */
public final class TorchLayers {

    /** torchvision's batch-norm epsilon. */
    public static final float TORCH_EPSILON = 1e-5f;
    /** torchvision's batch-norm momentum 0.1 in DJL's convention (weight of the old running value). */
    public static final float TORCH_MOMENTUM = 0.9f;

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /**
     * A square convolution {@code name} (e.g. {@code layer1.0.conv1}) with the given filters, kernel, stride and
     * padding; a {@link GemmConv2d} where its training passes are faster as a matrix product.
     */
    public Conv2d conv(String name, int filters, int kernel, int stride, int padding, boolean bias) {
        return register(name, GemmConv2d.of(filters, kernel, stride, padding, bias));
    }

    /** A batch norm over channels with torchvision's epsilon and momentum. */
    public BatchNorm batchNorm(String name) {
        return batchNorm(name, TORCH_EPSILON, TORCH_MOMENTUM);
    }

    /** A batch norm over channels; {@code momentum} in DJL's convention (running = momentum * running + (1 - momentum) * batch). */
    public BatchNorm batchNorm(String name, float epsilon, float momentum) {
        return register(name, BatchNorm.builder().optEpsilon(epsilon).optMomentum(momentum).build());
    }

    /** A fully connected layer with bias. */
    public Linear linear(String name, int units) {
        return register(name, Linear.builder().setUnits(units).optBias(true).build());
    }

    /** Records the direct parameters of {@code block} as {@code name.<torch suffix>}; returns the block. */
    public <B extends Block> B register(String name, B block) {
        for (Pair<String, Parameter> pair : block.getDirectParameters()) {
            String full = name + "." + torchSuffix(pair.getKey());
            if (parameters.putIfAbsent(full, pair.getValue()) != null) {
                throw new IllegalArgumentException("parameter name registered twice: " + full);
            }
        }
        return block;
    }

    /** The recorded parameters by PyTorch name, in creation order (a read-only view). */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The PyTorch name of a DJL parameter name. */
    public static String torchSuffix(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}

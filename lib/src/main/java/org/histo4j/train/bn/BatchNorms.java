package org.histo4j.train.bn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/** Finds the batch-norm layers of a block tree and reads what DJL's {@link BatchNorm} keeps private. */
public final class BatchNorms {

    private BatchNorms() {}

    /** All {@link BatchNorm} blocks under {@code root} (itself included), depth first in child order. */
    public static List<BatchNorm> find(Block root) {
        List<BatchNorm> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Block block, List<BatchNorm> found) {
        if (block instanceof BatchNorm batchNorm) {
            found.add(batchNorm);
        }
        block.getChildren().values().forEach(child -> collect(child, found));
    }

    /** One of the four parameters of a batch-norm layer: gamma, beta, runningMean, runningVar. */
    public static Parameter parameter(BatchNorm batchNorm, String name) {
        Parameter parameter = batchNorm.getParameters().get(name);
        if (parameter == null) {
            throw new IllegalStateException("BatchNorm " + batchNorm + " has no parameter '" + name + "'");
        }
        return parameter;
    }

    /** The ε added to the variance (DJL 0.35.1 has no getter for it). */
    public static float epsilon(BatchNorm batchNorm) {
        return privateFloat(batchNorm, "epsilon");
    }

    /** DJL's momentum m: the running statistics are updated as r ← m r + (1 − m) batch statistic. */
    public static float momentum(BatchNorm batchNorm) {
        return privateFloat(batchNorm, "momentum");
    }

    private static float privateFloat(BatchNorm batchNorm, String name) {
        try {
            Field field = BatchNorm.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.getFloat(batchNorm);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read BatchNorm." + name + " from this DJL version", e);
        }
    }
}

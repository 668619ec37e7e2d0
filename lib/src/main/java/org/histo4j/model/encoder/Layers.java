package org.histo4j.model.encoder;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** Small block combinators shared by the torchvision-layout encoders. */
final class Layers {

    private Layers() {}

    /** {@code main(x) + shortcut(x)}. */
    static Block residual(Block main, Block shortcut) {
        return new ParallelBlock(outputs -> new NDList(
                outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())), List.of(main, shortcut));
    }

    /** {@code concat([x, branch(x)], channels)}, DenseNet's feature reuse. */
    static Block concatWithInput(Block branch) {
        return new ParallelBlock(outputs -> new NDList(NDArrays.concat(new NDList(
                outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()), 1)),
                List.of(Blocks.identityBlock(), branch));
    }

    /** Global average pooling to N x C. */
    static SequentialBlock globalAveragePool() {
        return new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    }

    /**
     * Checks that {@code point} is one of {@code points}; returns null (the whole network) for null or the last
     * point, so an encoder cut after its last block has the same name as the whole encoder.
     */
    static String checkPoint(String architecture, String point, List<String> points) {
        if (point != null && !points.contains(point)) {
            throw new IllegalArgumentException("unknown truncation point '" + point + "' for " + architecture
                    + "; expected one of " + points);
        }
        return points.getLast().equals(point) ? null : point;
    }
}

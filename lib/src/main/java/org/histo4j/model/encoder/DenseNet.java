package org.histo4j.model.encoder;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.histo4j.data.image.Normalization;

/**
 * DenseNet-121 in torchvision's layout (growth rate 32, bottleneck size 4, 64 initial features, blocks of 6, 12,
 * 24 and 16 layers, transitions halving the channels, {@code norm5}, a ReLU, global average pooling), so
 * parameter names and counts equal torchvision's ({@code features.conv0.weight},
 * {@code features.denseblock1.denselayer1.norm1.running_mean}, {@code features.transition1.conv.weight},
 * {@code classifier.weight}). Trainable parameters: 6,953,856 without the classifier.
 *
 * <p>Truncation points: {@code stem} (conv0, norm0, relu0, pool0), {@code denseblock1}, {@code transition1}, ...,
 * {@code transition3}, {@code denseblock4} (the whole network with norm5 and its ReLU). A cut network ends with
 * global average pooling of the block's output. Widths: 64, 256, 128, 512, 256, 1024, 512, 1024.
 */
public final class DenseNet {

    /** The truncation points, in network order. */
    public static final List<String> TRUNCATION_POINTS = List.of("stem", "denseblock1", "transition1",
            "denseblock2", "transition2", "denseblock3", "transition3", "denseblock4");

    private static final int GROWTH = 32;
    private static final int BOTTLENECK = 4;
    private static final int[] BLOCKS = {6, 12, 24, 16};

    private DenseNet() {}

    /**
     * Builds DenseNet-121 cut after {@code truncateAfter} (null: the whole network), with torchvision's
     * {@code classifier} of {@code classes} outputs when {@code classes > 0} (only uncut).
     */
    public static BlockEncoder create121(String truncateAfter, int classes) {
        String architecture = "densenet121";
        truncateAfter = Layers.checkPoint(architecture, truncateAfter, TRUNCATION_POINTS);
        if (classes > 0 && truncateAfter != null) {
            throw new IllegalArgumentException("a classifier needs the whole network, not a cut after " + truncateAfter);
        }
        int stop = truncateAfter == null ? TRUNCATION_POINTS.size() : TRUNCATION_POINTS.indexOf(truncateAfter) + 1;
        TorchLayers layers = new TorchLayers();
        SequentialBlock net = new SequentialBlock()
                .add(layers.conv("features.conv0", 64, 7, 2, 3, false))
                .add(layers.batchNorm("features.norm0"))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int width = 64;
        for (int point = 1; point < stop; point++) {
            int block = (point + 1) / 2;
            if (point % 2 == 1) {
                net.add(denseBlock(layers, block));
                width += BLOCKS[block - 1] * GROWTH;
            } else {
                net.add(transition(layers, block, width));
                width /= 2;
            }
        }
        if (truncateAfter == null) {
            net.add(layers.batchNorm("features.norm5")).add(Activation.reluBlock());
        }
        net.add(Layers.globalAveragePool());
        if (classes > 0) {
            net.add(layers.linear("classifier", classes));
        }
        return BlockEncoder.builder().setName(architecture).setBlock(net)
                .setFeatureWidth(classes > 0 ? classes : width).setInputSize(224)
                .optNormalization(Normalization.IMAGENET).optTruncatedAfter(truncateAfter)
                .optNamedParameters(layers.parameters()).build();
    }

    private static Block denseBlock(TorchLayers layers, int block) {
        SequentialBlock dense = new SequentialBlock();
        for (int i = 0; i < BLOCKS[block - 1]; i++) {
            String prefix = "features.denseblock" + block + ".denselayer" + (i + 1);
            SequentialBlock layer = new SequentialBlock()
                    .add(layers.batchNorm(prefix + ".norm1"))
                    .add(Activation.reluBlock())
                    .add(layers.conv(prefix + ".conv1", BOTTLENECK * GROWTH, 1, 1, 0, false))
                    .add(layers.batchNorm(prefix + ".norm2"))
                    .add(Activation.reluBlock())
                    .add(layers.conv(prefix + ".conv2", GROWTH, 3, 1, 1, false));
            dense.add(Layers.concatWithInput(layer));
        }
        return dense;
    }

    private static Block transition(TorchLayers layers, int block, int in) {
        String prefix = "features.transition" + block;
        return new SequentialBlock()
                .add(layers.batchNorm(prefix + ".norm"))
                .add(Activation.reluBlock())
                .add(layers.conv(prefix + ".conv", in / 2, 1, 1, 0, false))
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
}

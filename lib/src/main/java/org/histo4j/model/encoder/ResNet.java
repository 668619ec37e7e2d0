package org.histo4j.model.encoder;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.histo4j.data.image.Normalization;

/**
 * ResNet-18, -34 and -50 in torchvision's layout (v1.5: a bottleneck block strides on its 3x3 convolution), so
 * parameter names and counts equal torchvision's ({@code conv1}, {@code bn1}, {@code layer1.0.conv1.weight},
 * {@code layer2.0.downsample.0.weight}, {@code fc.weight}). Trainable parameters without the classifier:
 * 11,176,512 (18), 21,284,672 (34), 23,508,032 (50).
 *
 * <p>Truncation points: {@code stem} (conv1, bn1, relu, max pool), {@code layer1} .. {@code layer4}; the cut
 * network ends with global average pooling. Widths: 64; 64, 128, 256, 512 (basic blocks) or 256, 512, 1024,
 * 2048 (bottlenecks).
 */
public final class ResNet {

    /** The truncation points, in network order. */
    public static final List<String> TRUNCATION_POINTS = List.of("stem", "layer1", "layer2", "layer3", "layer4");

    private static final int[] PLANES = {64, 128, 256, 512};

    private ResNet() {}

    /**
     * Builds a ResNet of {@code depth} 18, 34 or 50, cut after {@code truncateAfter} (null: the whole network),
     * with torchvision's classifier {@code fc} of {@code classes} outputs when {@code classes > 0} (only uncut).
     */
    public static BlockEncoder create(int depth, String truncateAfter, int classes) {
        int[] blocks = switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            default -> throw new IllegalArgumentException("ResNet depth must be 18, 34 or 50, got " + depth);
        };
        String architecture = "resnet" + depth;
        truncateAfter = Layers.checkPoint(architecture, truncateAfter, TRUNCATION_POINTS);
        if (classes > 0 && truncateAfter != null) {
            throw new IllegalArgumentException("a classifier needs the whole network, not a cut after " + truncateAfter);
        }
        boolean bottleneck = depth == 50;
        int expansion = bottleneck ? 4 : 1;
        TorchLayers layers = new TorchLayers();
        SequentialBlock net = new SequentialBlock()
                .add(layers.conv("conv1", 64, 7, 2, 3, false))
                .add(layers.batchNorm("bn1"))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int width = 64;
        int stages = truncateAfter == null ? 4 : TRUNCATION_POINTS.indexOf(truncateAfter);
        for (int stage = 0; stage < stages; stage++) {
            SequentialBlock layer = new SequentialBlock();
            for (int b = 0; b < blocks[stage]; b++) {
                String prefix = "layer" + (stage + 1) + "." + b;
                int stride = b == 0 && stage > 0 ? 2 : 1;
                layer.add(bottleneck ? bottleneck(layers, prefix, width, PLANES[stage], stride)
                        : basic(layers, prefix, width, PLANES[stage], stride));
                width = PLANES[stage] * expansion;
            }
            net.add(layer);
        }
        net.add(Layers.globalAveragePool());
        if (classes > 0) {
            net.add(layers.linear("fc", classes));
        }
        return BlockEncoder.builder().setName(architecture).setBlock(net)
                .setFeatureWidth(classes > 0 ? classes : width).setInputSize(224)
                .optNormalization(Normalization.IMAGENET).optTruncatedAfter(truncateAfter)
                .optNamedParameters(layers.parameters()).build();
    }

    private static Block basic(TorchLayers layers, String prefix, int in, int planes, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(layers.conv(prefix + ".conv1", planes, 3, stride, 1, false))
                .add(layers.batchNorm(prefix + ".bn1"))
                .add(Activation.reluBlock())
                .add(layers.conv(prefix + ".conv2", planes, 3, 1, 1, false))
                .add(layers.batchNorm(prefix + ".bn2"));
        return withShortcut(layers, prefix, main, in, planes, stride);
    }

    private static Block bottleneck(TorchLayers layers, String prefix, int in, int planes, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(layers.conv(prefix + ".conv1", planes, 1, 1, 0, false))
                .add(layers.batchNorm(prefix + ".bn1"))
                .add(Activation.reluBlock())
                .add(layers.conv(prefix + ".conv2", planes, 3, stride, 1, false))
                .add(layers.batchNorm(prefix + ".bn2"))
                .add(Activation.reluBlock())
                .add(layers.conv(prefix + ".conv3", planes * 4, 1, 1, 0, false))
                .add(layers.batchNorm(prefix + ".bn3"));
        return withShortcut(layers, prefix, main, in, planes * 4, stride);
    }

    private static Block withShortcut(TorchLayers layers, String prefix, Block main, int in, int out, int stride) {
        Block shortcut = Blocks.identityBlock();
        if (stride != 1 || in != out) {
            shortcut = new SequentialBlock()
                    .add(layers.conv(prefix + ".downsample.0", out, 1, stride, 0, false))
                    .add(layers.batchNorm(prefix + ".downsample.1"));
        }
        return new SequentialBlock().add(Layers.residual(main, shortcut)).add(Activation.reluBlock());
    }
}

package org.histo4j.model.encoder;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import org.histo4j.data.image.Normalization;

/**
 * The patch encoder of Neural Image Compression (Tellez et al.): 64 x 64 x 3 input scaled to [-1, 1], four
 * times [3x3 convolution, stride 2, no padding, 128 filters with bias; LeakyReLU(0.2); batch norm (Keras
 * epsilon 1e-3, momentum 0.8)], flatten (channels first, C x 3 x 3), dense to 128 features. Spatial sizes
 * 64 -> 31 -> 15 -> 7 -> 3. Parameters are named {@code conv1.weight} .. {@code conv4.bias}, {@code bn1.weight}
 * .. {@code bn4.running_var} and {@code encoded.weight}, {@code encoded.bias}. Not truncatable.
 * Keras weights load with {@link org.histo4j.model.weights.KerasNicWeights}.
 */
public final class NicEncoder {

    /** The input side in pixels. */
    public static final int INPUT_SIZE = 64;
    /** The feature width. */
    public static final int FEATURES = 128;
    /** Keras's batch-norm epsilon, as in the published model's configuration. */
    public static final float EPSILON = 1e-3f;
    /** The published model's batch-norm momentum (Keras and DJL share the convention). */
    public static final float MOMENTUM = 0.8f;

    private static final int FILTERS = 128;

    private NicEncoder() {}

    /** Builds the NIC encoder (uninitialised weights). */
    public static BlockEncoder create() {
        TorchLayers layers = new TorchLayers();
        SequentialBlock net = new SequentialBlock();
        for (int k = 1; k <= 4; k++) {
            net.add(layers.conv("conv" + k, FILTERS, 3, 2, 0, true))
                    .add(Activation.leakyReluBlock(0.2f))
                    .add(layers.batchNorm("bn" + k, EPSILON, MOMENTUM));
        }
        net.add(Blocks.batchFlattenBlock()).add(layers.linear("encoded", FEATURES));
        return BlockEncoder.builder().setName("nic").setBlock(net).setFeatureWidth(FEATURES)
                .setInputSize(INPUT_SIZE).optNormalization(Normalization.MINUS_ONE_TO_ONE)
                .optNamedParameters(layers.parameters()).build();
    }
}

package org.histo4j.model.weights;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import org.histo4j.model.Encoder;
import org.histo4j.model.encoder.BlockEncoder;
import org.histo4j.model.encoder.TorchLayers;
import org.histo4j.data.image.Normalization;
import ai.djl.nn.Blocks;
import ai.djl.nn.pooling.Pool;

/** A tiny encoder written with the public recipe: conv, bn, relu, global pooling, linear "fc". */
final class TinyEncoders {

    private TinyEncoders() {}

    static Encoder create(int filters, int outputs) {
        TorchLayers layers = new TorchLayers();
        SequentialBlock block = new SequentialBlock()
                .add(layers.conv("conv", filters, 3, 1, 1, false))
                .add(layers.batchNorm("bn"))
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(layers.linear("fc", outputs));
        return BlockEncoder.builder().setName("tiny" + filters).optArchitecture("tiny").setBlock(block)
                .setFeatureWidth(outputs).setInputSize(8).optNormalization(Normalization.IMAGENET)
                .optNamedParameters(layers.parameters()).build();
    }
}

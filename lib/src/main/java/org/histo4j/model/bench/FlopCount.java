package org.histo4j.model.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Counts the floating-point operations of one image's forward pass the way {@code environment/bench_pytorch.py}
 * does: 2 x the multiply-adds of the convolutions and fully connected layers, nothing else (no bias, batch
 * norm, activation, pooling or loss).
 *
 * <p>Per convolution: {@code 2 x (kh x kw x Cin / groups) x Cout x Hout x Wout}; per linear layer:
 * {@code 2 x in x out} for each row it maps (one row per image for N x in inputs). A training step counts
 * {@code 3 x} the forward (the backward pass costs two forwards: gradients of inputs and of weights).
 *
 * <p>The block must be initialised (so each layer knows its input shape); the count divides by the batch
 * size the block was initialised with, so initialise with the image size being benchmarked.
 */
public final class FlopCount {

    private FlopCount() {}

    /** The forward FLOPs per image of an initialised {@code block} (walks all nested blocks). */
    public static long forwardPerImage(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("initialise the block before counting its FLOPs");
        }
        return walk(block);
    }

    private static long walk(Block block) {
        if (block instanceof Convolution conv) {
            return convolution(conv);
        }
        if (block instanceof Linear linear) {
            return linear(linear);
        }
        long total = 0;
        for (Block child : block.getChildren().values()) {
            total += walk(child);
        }
        return total;
    }

    private static long convolution(Convolution conv) {
        Shape[] in = conv.getInputShapes();
        Shape out = conv.getOutputShapes(in)[0];
        long perOutput = conv.getKernelShape().size() * in[0].get(1) / conv.getGroups();
        return 2 * perOutput * (out.size() / out.get(0));
    }

    private static long linear(Linear linear) {
        Shape[] in = linear.getInputShapes();
        Shape out = linear.getOutputShapes(in)[0];
        long inFeatures = in[0].tail();
        long rowsPerImage = in[0].size() / in[0].get(0) / inFeatures;
        return 2 * inFeatures * out.tail() * rowsPerImage;
    }
}

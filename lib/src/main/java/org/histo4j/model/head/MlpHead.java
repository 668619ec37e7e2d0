package org.histo4j.model.head;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.Map;
import org.histo4j.model.TaskHead;
import org.histo4j.model.encoder.TorchLayers;

/**
 * A two-layer perceptron head: linear to {@code hidden} units, ReLU, linear to the classes; named as PyTorch's
 * {@code nn.Sequential(Linear, ReLU, Linear)}: {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, {@code 2.bias}.
 */
public final class MlpHead implements TaskHead {

    private final int hidden;
    private final int numClasses;
    private final Block block;
    private final Map<String, Parameter> parameters;

    /** An MLP head with {@code hidden} hidden units and {@code numClasses} outputs. */
    public MlpHead(int hidden, int numClasses) {
        if (hidden < 1 || numClasses < 1) {
            throw new IllegalArgumentException("mlp head needs positive sizes, got hidden " + hidden + ", classes "
                    + numClasses);
        }
        this.hidden = hidden;
        this.numClasses = numClasses;
        TorchLayers layers = new TorchLayers();
        this.block = new SequentialBlock().add(layers.linear("0", hidden)).add(Activation.reluBlock())
                .add(layers.linear("2", numClasses));
        this.parameters = layers.parameters();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Returns {@code mlp(hidden,classes)}. */
    @Override
    public String description() {
        return "mlp(" + hidden + "," + numClasses + ")";
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return parameters;
    }
}

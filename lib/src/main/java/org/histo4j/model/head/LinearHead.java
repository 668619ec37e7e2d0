package org.histo4j.model.head;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.histo4j.model.TaskHead;
import org.histo4j.model.encoder.TorchLayers;

/** One fully connected layer from the features to the classes ({@code fc.weight}, {@code fc.bias}). */
public final class LinearHead implements TaskHead {

    private final int numClasses;
    private final Block block;
    private final Map<String, Parameter> parameters;

    /** A linear head with {@code numClasses} outputs. */
    public LinearHead(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("a head needs at least one class, got " + numClasses);
        }
        this.numClasses = numClasses;
        TorchLayers layers = new TorchLayers();
        this.block = layers.linear("fc", numClasses);
        this.parameters = layers.parameters();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Returns {@code linear(classes)}. */
    @Override
    public String description() {
        return "linear(" + numClasses + ")";
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

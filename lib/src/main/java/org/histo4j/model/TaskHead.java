package org.histo4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.model.head.CustomHead;
import org.histo4j.model.head.LinearHead;
import org.histo4j.model.head.MlpHead;

/**
 * The classifier of one task on top of the shared encoder: a block mapping features (N x width) to logits
 * (N x {@link #numClasses()}). Each task of a {@link MultiTaskNetwork} has its own head instance.
 *
 * <p>To write your own head, in a notebook cell if you like: build a DJL block whose last layer has
 * {@code numClasses} outputs and wrap it, e.g.
 * <pre>
 * TaskHead head = TaskHead.of("dropout-linear(5)", 5,
 *         new SequentialBlock().add(Dropout.builder().optRate(0.5f).build())
 *                              .add(Linear.builder().setUnits(5).build()));
 * </pre>
 * or implement this interface: {@link #description()} must change whenever the architecture changes, because
 * checkpoints compare it to refuse weights of another shape of head. Do not share one block between tasks. In a
 * forward pass of your own, multiply, divide or take the maximum with a constant through {@link Scalars}, not
 * DJL's {@code x.mul(0.5f)}: the latter can hand backward freed memory (see {@link Scalars}).
 */
public interface TaskHead {

    /** The number of classes (logits) of the task. */
    int numClasses();

    /** A short description of the head's architecture, compared when loading checkpoints, e.g. {@code "linear(5)"}. */
    String description();

    /** The block: N x featureWidth in, N x numClasses logits out. */
    Block block();

    /** The head's parameters by name (default: DJL's parameter paths inside {@link #block()}). */
    default Map<String, Parameter> namedParameters() {
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block().getParameters()) {
            names.put(pair.getKey(), pair.getValue());
        }
        return names;
    }

    /** The linear head of the multi-task paper: one fully connected layer to the classes. */
    static TaskHead linear(int numClasses) {
        return new LinearHead(numClasses);
    }

    /** A two-layer perceptron: linear to {@code hidden} units, ReLU, linear to the classes. */
    static TaskHead mlp(int hidden, int numClasses) {
        return new MlpHead(hidden, numClasses);
    }

    /** Wraps a block of your own as a head (see the recipe above). */
    static TaskHead of(String description, int numClasses, Block block) {
        return new CustomHead(description, numClasses, block);
    }
}

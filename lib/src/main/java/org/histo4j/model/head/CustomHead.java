package org.histo4j.model.head;

import ai.djl.nn.Block;
import org.histo4j.model.TaskHead;

/**
 * A head made of a block of your own, created by {@link TaskHead#of(String, int, Block)}.
 *
 * @param description the architecture description compared by checkpoints
 * @param numClasses the number of outputs of the block
 * @param block the block: N x width features in, N x numClasses logits out
 */
public record CustomHead(String description, int numClasses, Block block) implements TaskHead {

    /** Validates the fields. */
    public CustomHead {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("head description is required");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("a head needs at least one class, got " + numClasses);
        }
        if (block == null) {
            throw new IllegalArgumentException("head block is required");
        }
    }
}

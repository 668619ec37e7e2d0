package org.histo4j.spark;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import org.histo4j.model.Encoder;

/**
 * The encoders of one JVM (an executor, or the driver in {@code local[N]}): each recipe is loaded once and shared by
 * the tasks of that JVM, which only run it forward. Loading is serialised because random encoders are seeded
 * through the engine's global generator.
 */
final class ExecutorEncoders {

    private static final Map<EncoderRecipe, Encoder> LOADED = new HashMap<>();
    private static final Map<String, NDManager> MANAGERS = new HashMap<>();

    private ExecutorEncoders() {}

    /**
     * The encoder of {@code recipe}, loaded on first use and kept for the life of the JVM, with the recipe's
     * intra-op thread count set on the calling thread (the task's, which runs the forward passes).
     */
    static synchronized Encoder get(EncoderRecipe recipe) {
        recipe.applyThreads();
        Encoder encoder = LOADED.get(recipe);
        if (encoder == null) {
            // one manager per device, living as long as the executor
            NDManager manager = MANAGERS.computeIfAbsent(recipe.onDevice().toString(),
                    d -> NDManager.newBaseManager(recipe.onDevice()));
            encoder = recipe.load(manager);
            LOADED.put(recipe, encoder);
        }
        return encoder;
    }
}

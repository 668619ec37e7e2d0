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
    private static NDManager manager;

    private ExecutorEncoders() {}

    /** The encoder of {@code recipe}, loaded on first use and kept for the life of the JVM. */
    static synchronized Encoder get(EncoderRecipe recipe) {
        Encoder encoder = LOADED.get(recipe);
        if (encoder == null) {
            if (manager == null) {
                manager = NDManager.newBaseManager(); // lives as long as the executor
            }
            encoder = recipe.load(manager);
            LOADED.put(recipe, encoder);
        }
        return encoder;
    }
}

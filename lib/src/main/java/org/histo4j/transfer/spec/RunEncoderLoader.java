package org.histo4j.transfer.spec;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.histo4j.model.Encoder;

/**
 * Loads the encoder of a pre-training run directory, for {@code run:RUN_DIR} specs. The training package provides
 * the implementation; until it is connected, {@code run:} specs fail with a clear message.
 *
 * <p>To connect one: pass it to {@link EncoderResolver.Builder#optRunLoader}, or register it for the command line
 * with a {@code META-INF/services/org.histo4j.transfer.spec.RunEncoderLoader} file naming the class (it needs a
 * public no-argument constructor); the first registered loader is used. The encoder returned must be whole (not
 * cut), initialised, with the run's weights, its arrays in {@code manager} (or closed with the encoder when it is
 * {@link AutoCloseable}).
 */
@FunctionalInterface
public interface RunEncoderLoader {

    /** The encoder of the run in {@code runDir}, weights loaded; throws Histo4jException naming a bad run dir. */
    Encoder load(Path runDir, NDManager manager);
}

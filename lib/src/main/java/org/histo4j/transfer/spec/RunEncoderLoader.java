package org.histo4j.transfer.spec;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.histo4j.model.Encoder;

/**
 * Loads the encoder of a pre-training run directory, for {@code run:RUN_DIR} specs. By default the resolver reads
 * histo4j's own runs ({@link org.histo4j.train.PretrainedRun}); pass another loader to
 * {@link EncoderResolver.Builder#optRunLoader} for runs of another layout. The encoder returned must be whole (not
 * cut), initialised, with the run's weights, its arrays in {@code manager} (or closed with the encoder when it is
 * {@link AutoCloseable}).
 */
@FunctionalInterface
public interface RunEncoderLoader {

    /** The encoder of the run in {@code runDir}, weights loaded; throws Histo4jException naming a bad run dir. */
    Encoder load(Path runDir, NDManager manager);
}

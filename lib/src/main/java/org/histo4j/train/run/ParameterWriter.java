package org.histo4j.train.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a network's parameters into a checkpoint directory, for example
 * {@code dir -> model.save(dir, "model")} or a loop over {@code block.saveParameters(out)}.
 */
@FunctionalInterface
public interface ParameterWriter {

    /** Writes the parameters into {@code dir}, which exists and is empty. */
    void write(Path dir) throws IOException;
}

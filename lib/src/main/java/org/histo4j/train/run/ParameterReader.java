package org.histo4j.train.run;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a network's parameters back from a checkpoint directory written by a {@link ParameterWriter}. */
@FunctionalInterface
public interface ParameterReader {

    /** Loads the parameters stored in {@code dir}. */
    void read(Path dir) throws IOException, MalformedModelException;
}

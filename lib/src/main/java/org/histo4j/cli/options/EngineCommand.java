package org.histo4j.cli.options;

/**
 * A command that computes with the deep-learning engine. {@code Main} quiets libtorch's native warnings (which
 * loads the engine) before such a command runs, and only then: commands that never compute ({@code --help},
 * {@code pool describe}, {@code data check}, {@code slide info}...) start without loading libtorch. To add a
 * computing command, implement this interface on its class; there is nothing to implement.
 */
public interface EngineCommand {
}

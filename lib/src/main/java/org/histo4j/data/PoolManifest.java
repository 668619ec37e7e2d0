package org.histo4j.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A pool of tasks: the names of the task manifests used for pre-training, and of the target tasks kept out of
 * the pool to evaluate transfer.
 *
 * @param name        unique short name, also the file name without {@code .json}
 * @param description what the pool is for
 * @param citation    the publication that defined it ("none" for pools of this project)
 * @param tasks       names of the task manifests in the pool, in task-id order
 * @param targets     names of the task manifests held out for transfer evaluation
 * @param file        the manifest file, or {@code null} when built in code
 */
public record PoolManifest(String name, String description, String citation, List<String> tasks,
        List<String> targets, Path file) {

    /** Copies the lists so the manifest is immutable. */
    public PoolManifest {
        tasks = List.copyOf(tasks);
        targets = List.copyOf(targets);
    }
}

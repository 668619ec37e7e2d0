package org.histo4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.Manifests;
import org.histo4j.data.ResolvedPool;
import org.histo4j.data.TaskPool;
import org.histo4j.data.source.Sources;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import org.histo4j.train.config.DataConfig;

/**
 * Opens the task pool a {@link PretrainConfig} names: the embedded synthetic pool (painted at the training size,
 * optionally with fewer images per class) or a pool manifest with its local data, restricted to the configured
 * tasks. Unreadable images of real data are skipped (logged), not fatal.
 */
final class PoolOpener {

    private PoolOpener() {}

    /** Opens the configured pool; the caller closes it. */
    static TaskPool open(PretrainConfig config) {
        return config.data().isSyntheticPool() ? synthetic(config.data(), config.seed())
                : manifest(config.data(), config.seed());
    }

    private static TaskPool synthetic(DataConfig config, long seed) {
        List<SyntheticTask> tasks = SyntheticPool.POOL.stream()
                .filter(t -> config.tasks().isEmpty() || config.tasks().contains(t.name()))
                .map(t -> config.imagesPerClass() > 0 ? t.withImagesPerClass(config.imagesPerClass()) : t).toList();
        checkTasksFound(config, tasks.stream().map(SyntheticTask::name).toList(),
                SyntheticPool.POOL.stream().map(SyntheticTask::name).toList());
        return TaskPool.of("synthetic-pool", tasks.stream()
                .map(t -> new SyntheticSource(t, config.imageSize(), seed)).toList());
    }

    private static TaskPool manifest(DataConfig config, long seed) {
        Path file = Path.of(config.pool());
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("pool manifest not found: " + file + " (give a pool manifest path or '"
                    + DataConfig.SYNTHETIC + "')");
        }
        ResolvedPool resolved = Manifests.resolvePool(file);
        List<DatasetManifest> tasks = resolved.tasks().stream()
                .filter(t -> config.tasks().isEmpty() || config.tasks().contains(t.name())).toList();
        checkTasksFound(config, tasks.stream().map(DatasetManifest::name).toList(),
                resolved.tasks().stream().map(DatasetManifest::name).toList());
        Path dataRoot = config.dataRoot() != null ? Path.of(config.dataRoot()) : file.toAbsolutePath().getParent();
        return Sources.openPool(new ResolvedPool(resolved.pool(), tasks, resolved.targets()), dataRoot,
                ImageFailurePolicy.SKIP, seed);
    }

    private static void checkTasksFound(DataConfig config, List<String> found, List<String> available) {
        for (String wanted : config.tasks()) {
            if (!found.contains(wanted)) {
                throw new Histo4jException("task '" + wanted + "' is not in pool " + config.pool() + " " + available);
            }
        }
    }
}

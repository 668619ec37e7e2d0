package org.histo4j.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.ResolvedPool;
import org.histo4j.data.TaskPool;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;

/**
 * Opens the {@link ImageSource} a manifest describes: a folder, CSV or PatchCamelyon reader over a local copy, or
 * the synthetic generator (layout options {@code task}, and optionally {@code size} (default 64), {@code signal}
 * and {@code imagesPerClass} overriding the task's).
 */
public final class Sources {

    private Sources() {}

    /** Opens a dataset whose local copy is the folder {@code root} (ignored for synthetic datasets). */
    public static ImageSource open(DatasetManifest manifest, Path root, ImageFailurePolicy policy, long seed) {
        return switch (manifest.layout()) {
            case FOLDER -> FileListSource.folder(manifest, requireDir(manifest, root));
            case CSV -> FileListSource.csv(manifest, requireDir(manifest, root), policy);
            case HDF5_PCAM -> PcamSource.open(manifest, requireDir(manifest, root));
            case SYNTHETIC -> synthetic(manifest, seed);
        };
    }

    /**
     * Opens the tasks of a resolved pool manifest as a {@link TaskPool}: the local copy of task {@code T} is the
     * folder {@code dataRoot/T} (synthetic tasks need none). Sources opened before a failure are closed.
     */
    public static TaskPool openPool(ResolvedPool pool, Path dataRoot, ImageFailurePolicy policy, long seed) {
        List<ImageSource> sources = new ArrayList<>();
        try {
            for (DatasetManifest task : pool.tasks()) {
                Path root = task.layout() == Layout.SYNTHETIC ? null : dataRoot.resolve(task.name());
                sources.add(open(task, root, policy, seed));
            }
        } catch (RuntimeException e) {
            sources.forEach(ImageSource::close);
            throw e;
        }
        return TaskPool.of(pool.pool().name(), sources);
    }

    /** Opens a synthetic dataset from its manifest's layout options. */
    public static SyntheticSource synthetic(DatasetManifest manifest, long seed) {
        String name = manifest.option("task").orElseThrow();
        SyntheticTask task = SyntheticPool.require(name, manifest.origin() + ": field 'layout.task'");
        try {
            if (manifest.option("signal").isPresent()) {
                task = task.withSignal(Double.parseDouble(manifest.option("signal").get()));
            }
            if (manifest.option("imagesPerClass").isPresent()) {
                task = task.withImagesPerClass(Integer.parseInt(manifest.option("imagesPerClass").get()));
            }
            int size = Integer.parseInt(manifest.option("size").orElse("64"));
            return new SyntheticSource(task, size, seed);
        } catch (IllegalArgumentException e) {
            throw new Histo4jException(manifest.origin() + ": bad synthetic layout option: " + Histo4jException.reason(e), e);
        }
    }

    private static Path requireDir(DatasetManifest manifest, Path root) {
        if (root == null || !Files.isDirectory(root)) {
            throw new Histo4jException("dataset " + manifest.name() + ": local folder " + root + " does not exist");
        }
        return root;
    }
}

package org.histo4j.data;

import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A pool manifest together with the task manifests it names, read from the same folder.
 *
 * @param pool    the pool manifest
 * @param tasks   the task manifests of the pool, in task-id order
 * @param targets the held-out target task manifests
 */
public record ResolvedPool(PoolManifest pool, List<DatasetManifest> tasks, List<DatasetManifest> targets) {

    /** Copies the lists. */
    public ResolvedPool {
        tasks = List.copyOf(tasks);
        targets = List.copyOf(targets);
    }

    /** Total number of classes over the pool's tasks. */
    public int classCount() {
        return tasks.stream().mapToInt(DatasetManifest::classCount).sum();
    }

    /** Total number of images over the pool's tasks, or -1 if any task's total is unknown. */
    public long imageCount() {
        return tasks.stream().anyMatch(t -> t.images() < 0) ? -1
                : tasks.stream().mapToLong(DatasetManifest::images).sum();
    }

    /** One row per task (pool tasks, then targets): role, name, classes, images, layout, grouping, stain, scale. */
    public Table describe() {
        StringColumn role = StringColumn.create("role");
        StringColumn name = StringColumn.create("name");
        IntColumn classes = IntColumn.create("classes");
        StringColumn images = StringColumn.create("images");
        StringColumn layout = StringColumn.create("layout");
        StringColumn grouping = StringColumn.create("grouping");
        StringColumn stain = StringColumn.create("stain");
        StringColumn scale = StringColumn.create("scale");
        for (List<DatasetManifest> list : List.of(tasks, targets)) {
            for (DatasetManifest m : list) {
                role.append(list == tasks ? "pool" : "target");
                name.append(m.name());
                classes.append(m.classCount());
                images.append(m.images() < 0 ? Manifests.UNKNOWN : Long.toString(m.images()));
                layout.append(m.layout().jsonName());
                grouping.append(m.grouping().jsonName());
                stain.append(m.stain());
                scale.append(scale(m));
            }
        }
        return Table.create(pool.name(), role, name, classes, images, layout, grouping, stain, scale);
    }

    private static String scale(DatasetManifest m) {
        String mag = m.hasMagnification() ? trim(m.magnification()) + "x" : "";
        String mpp = m.hasMicrons() ? trim(m.micronsPerPixel()) + " um/px" : "";
        return mag.isEmpty() || mpp.isEmpty() ? (mag + mpp).isEmpty() ? Manifests.UNKNOWN : mag + mpp
                : mag + ", " + mpp;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

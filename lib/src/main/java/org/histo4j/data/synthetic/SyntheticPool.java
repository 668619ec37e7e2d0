package org.histo4j.data.synthetic;

import static org.histo4j.data.synthetic.TissueType.BACKGROUND;
import static org.histo4j.data.synthetic.TissueType.FAT;
import static org.histo4j.data.synthetic.TissueType.GLAND;
import static org.histo4j.data.synthetic.TissueType.LYMPHOCYTES;
import static org.histo4j.data.synthetic.TissueType.MUCUS;
import static org.histo4j.data.synthetic.TissueType.MUSCLE;
import static org.histo4j.data.synthetic.TissueType.NECROSIS;
import static org.histo4j.data.synthetic.TissueType.STROMA;
import static org.histo4j.data.synthetic.TissueType.TUMOUR;

import java.util.List;
import org.histo4j.data.TaskPool;
import java.util.Optional;
import org.histo4j.Histo4jException;
import java.util.stream.Stream;

/**
 * The synthetic pool: {@link #POOL} holds 9 pre-training tasks of 2 to 9 classes that share tissue types (tumour
 * appears in five, lymphocytes in four, glands in three), and {@link #TARGETS} holds 2 tasks kept out of the pool
 * to evaluate transfer: a gland-grading task told by nuclear size and shape at a constant stained area (colour
 * statistics cannot solve it; the pool's nuclear-size and spindle tasks teach the features it needs), and a
 * low-signal tumour-detection task where the class shows on 10% of the patch, as in the low-SNR tasks of Neural
 * Image Compression.
 */
public final class SyntheticPool {

    private static final int PER_CLASS = 400;
    private static final int GROUP = 20;

    /** The pre-training tasks. */
    public static final List<SyntheticTask> POOL = List.of(
            task("syn-tissue-types", "six tissue types filling the patch",
                    names("stroma", "fat", "gland", "lymphocytes", "tumour", "necrosis"),
                    List.of(of(STROMA), of(FAT), of(GLAND), of(LYMPHOCYTES), of(TUMOUR), of(NECROSIS)),
                    List.of(of(STROMA)), 1.0),
            task("syn-colon-9", "nine colorectal-like tissue classes (after Kather et al.)",
                    names("adipose", "background", "debris", "lymphocytes", "mucus", "muscle", "normal", "stroma",
                            "tumour"),
                    List.of(of(FAT), of(BACKGROUND), of(NECROSIS), of(LYMPHOCYTES), of(MUCUS), of(MUSCLE),
                            of(GLAND), of(STROMA), of(TUMOUR)),
                    List.of(of(STROMA)), 0.85),
            task("syn-tumour-vs-normal", "tumour sheets or normal glands, in stroma",
                    names("normal", "tumour"), List.of(of(GLAND), of(TUMOUR)), List.of(of(STROMA), of(FAT)), 0.6),
            task("syn-lymphocytes", "lymphocyte infiltrate or not, in stroma or fat",
                    names("negative", "positive"), List.of(of(STROMA), of(LYMPHOCYTES)),
                    List.of(of(STROMA), of(FAT)), 0.5),
            task("syn-nuclear-size", "tumour nuclei of three sizes, same nuclear area (an atypia grade)",
                    names("grade-1", "grade-2", "grade-3"),
                    List.of(sized(TUMOUR, 0.8), sized(TUMOUR, 1.05), sized(TUMOUR, 1.35)),
                    List.of(of(STROMA)), 0.8),
            task("syn-cellularity", "stroma with few, some or many nuclei",
                    names("low", "medium", "high"),
                    List.of(of(STROMA).withDensity(0.3), of(STROMA).withDensity(2.5), of(STROMA).withDensity(7)),
                    List.of(of(FAT)), 0.9),
            task("syn-hyperchromasia", "tumour nuclei of normal or dark chromatin",
                    names("normochromatic", "hyperchromatic"),
                    List.of(of(TUMOUR), of(TUMOUR).withDarkness(1.6)), List.of(of(STROMA), of(LYMPHOCYTES)), 0.7),
            task("syn-spindle", "nuclei round, oval or spindle-shaped, in muscle",
                    names("round", "oval", "spindle"),
                    List.of(of(MUSCLE).withElongation(0.3).withDensity(2), of(MUSCLE).withElongation(0.6)
                            .withDensity(2), of(MUSCLE).withElongation(1.3).withDensity(2)),
                    List.of(of(STROMA)), 0.9),
            task("syn-necrosis", "necrosis, mucus or viable tumour",
                    names("viable", "necrosis", "mucus"), List.of(of(TUMOUR), of(NECROSIS), of(MUCUS)),
                    List.of(of(STROMA), of(BACKGROUND)), 0.7));

    /** The held-out target tasks, never in the pool. */
    public static final List<SyntheticTask> TARGETS = List.of(
            task("syn-target-gland-grade", "glands whose nuclei are regular, enlarged, or enlarged and elongated, "
                    + "at the same nuclear area; fat or stroma context",
                    names("well", "moderate", "poor"),
                    List.of(of(GLAND), sized(GLAND, 1.3), sized(GLAND, 1.3).withElongation(2.2)),
                    List.of(of(FAT), of(STROMA)), 0.75),
            task("syn-target-low-signal", "tumour cells on about 10% of a stroma, lymphocyte or gland patch",
                    names("negative", "positive"), List.of(of(STROMA), of(TUMOUR)),
                    List.of(of(STROMA), of(LYMPHOCYTES), of(GLAND)), 0.1));

    private SyntheticPool() {}

    /** The pre-training tasks as a {@link TaskPool} named {@code synthetic-pool}, patches of the given size. */
    public static TaskPool openPool(int imageSize, long seed) {
        return TaskPool.of("synthetic-pool", POOL.stream().map(t -> new SyntheticSource(t, imageSize, seed)).toList());
    }

    /** The held-out target tasks as a {@link TaskPool} named {@code synthetic-targets}. */
    public static TaskPool openTargets(int imageSize, long seed) {
        return TaskPool.of("synthetic-targets",
                TARGETS.stream().map(t -> new SyntheticSource(t, imageSize, seed)).toList());
    }

    /** A pool or target task by name. */
    public static Optional<SyntheticTask> find(String name) {
        return Stream.concat(POOL.stream(), TARGETS.stream()).filter(t -> t.name().equals(name)).findFirst();
    }

    /** A pool or target task by name; otherwise an error that says where the name came from and lists every task. */
    public static SyntheticTask require(String name, String where) {
        return find(name).orElseThrow(() -> new Histo4jException(where + ": no synthetic task '" + name
                + "'; the pool tasks are " + POOL.stream().map(SyntheticTask::name).toList() + ", the targets "
                + TARGETS.stream().map(SyntheticTask::name).toList()));
    }

    private static SyntheticTask task(String name, String description, List<String> classes,
            List<TissueSpec> tissues, List<TissueSpec> context, double signal) {
        return new SyntheticTask(name, description, classes, tissues, context, signal, PER_CLASS, GROUP);
    }

    /** Nuclei scaled by {@code size} and made fewer by {@code 1 / size^2}, keeping the stained area unchanged. */
    private static TissueSpec sized(TissueType type, double size) {
        return of(type).withSize(size).withDensity(1 / (size * size));
    }

    private static List<String> names(String... names) {
        return List.of(names);
    }

    private static TissueSpec of(TissueType type) {
        return TissueSpec.of(type);
    }
}

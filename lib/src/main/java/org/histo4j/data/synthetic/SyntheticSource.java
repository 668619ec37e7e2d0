package org.histo4j.data.synthetic;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.histo4j.data.ImageSource;

/**
 * The images of a {@link SyntheticTask}, painted on demand: image {@code i} has label {@code i mod C} and group
 * {@code floor(i / (C * groupSize))}, and is painted from a seed mixing the source seed, the task name and
 * {@code i}, so the same image comes back every time. All images of a group share a stain variation, which
 * makes grouped splits matter as they do for real patients. Each image also gets nuisance variation unrelated to
 * its label: its own stain factors (uniform in [0.88, 1.12] per channel, times the group's in [0.92, 1.08]) and a
 * cellularity factor (uniform in [0.7, 1.4]) multiplying the nuclear density of every tissue, so that colour
 * statistics alone do not give the label away. A list of {@link Lab}s stains each group in its own lab.
 */
public final class SyntheticSource implements ImageSource {

    private final SyntheticTask task;
    private final int imageSize;
    private final long seed;
    private final List<Lab> labs;

    /** A source of square patches of {@code imageSize} pixels (8 or more) from a seed, in the default lab. */
    public SyntheticSource(SyntheticTask task, int imageSize, long seed) {
        this(task, imageSize, seed, List.of(Lab.DEFAULT));
    }

    /**
     * A source whose groups are stained in {@code labs} in turn (group {@code g} in lab {@code g mod labs.size()}),
     * so one lab gives a task trained or tested in that lab and several give a cohort that mixes labs. The same
     * seed gives the same tissue in every lab: only the staining differs.
     */
    public SyntheticSource(SyntheticTask task, int imageSize, long seed, List<Lab> labs) {
        if (imageSize < 8) {
            throw new IllegalArgumentException("synthetic image size " + imageSize + " < 8");
        }
        if (labs.isEmpty()) {
            throw new IllegalArgumentException("synthetic source " + task.name() + ": at least one lab is needed");
        }
        this.task = task;
        this.imageSize = imageSize;
        this.seed = seed ^ (long) task.name().hashCode() * 0x9E3779B97F4A7C15L;
        this.labs = List.copyOf(labs);
    }

    /** The task painted. */
    public SyntheticTask task() {
        return task;
    }

    /** The side of the patches, in pixels. */
    public int imageSize() {
        return imageSize;
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public List<String> classes() {
        return task.classNames();
    }

    @Override
    public int size() {
        return task.size();
    }

    @Override
    public int label(int index) {
        return index % task.classCount();
    }

    @Override
    public String group(int index) {
        return "g" + groupIndex(index);
    }

    /** The lab image {@code index} is stained in. */
    public Lab lab(int index) {
        return labs.get(groupIndex(index) % labs.size());
    }

    /** {@code synthetic:TASK#i}, or {@code synthetic:TASK@LAB#i} for an image stained in a lab but the default. */
    @Override
    public String location(int index) {
        Lab lab = lab(index);
        return "synthetic:" + task.name() + (lab.isDefault() ? "" : "@" + lab.name()) + "#" + index;
    }

    private int groupIndex(int index) {
        return index / (task.classCount() * task.groupSize());
    }

    @Override
    public BufferedImage read(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("image " + index + " of " + size() + " in " + task.name());
        }
        SplittableRandom rng = new SplittableRandom(seed + 0x632BE59BD9B4E019L * index);
        double cellularity = 0.7 + 0.7 * rng.nextDouble();
        TissueSpec context = jitter(task.context().get(rng.nextInt(task.context().size())), cellularity);
        TissueSpec target = jitter(task.classTissues().get(label(index)), cellularity);
        float[] tint = groupTint(groupIndex(index));
        for (int c = 0; c < 3; c++) {
            tint[c] *= (float) (0.88 + 0.24 * rng.nextDouble());
        }
        return TissuePainter.paintPatch(target, context, task.signal(), imageSize, rng.nextLong(), tint, lab(index));
    }

    private static TissueSpec jitter(TissueSpec spec, double cellularity) {
        return spec.withDensity(spec.density() * cellularity);
    }

    private float[] groupTint(int group) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + group);
        float[] tint = new float[3];
        for (int c = 0; c < 3; c++) {
            tint[c] = (float) (0.92 + 0.16 * rng.nextDouble());
        }
        return tint;
    }
}

package org.histo4j.data.synthetic;

import java.util.List;

/**
 * A synthetic classification task: one tissue per class (the class-defining content), the context tissues that
 * fill the rest of a patch whatever its class, and how strongly the label shows.
 *
 * @param name           the task name (its manifest's name)
 * @param description    what distinguishes the classes
 * @param classNames     the class names in label order
 * @param classTissues   the class-defining tissue of each class
 * @param context        tissues drawn (one per patch, uniformly) around the class-defining region
 * @param signal         the fraction of the patch showing the class tissue, in (0, 1]
 * @param imagesPerClass the number of images of each class
 * @param groupSize      the number of images per group ("patient"); a group shares a stain variation
 */
public record SyntheticTask(String name, String description, List<String> classNames,
        List<TissueSpec> classTissues, List<TissueSpec> context, double signal, int imagesPerClass,
        int groupSize) {

    /** Validates the task. */
    public SyntheticTask {
        classNames = List.copyOf(classNames);
        classTissues = List.copyOf(classTissues);
        context = List.copyOf(context);
        if (classNames.size() < 2 || classNames.size() != classTissues.size()) {
            throw new IllegalArgumentException("task " + name + ": " + classNames.size() + " class names for "
                    + classTissues.size() + " tissues (need at least 2)");
        }
        if (context.isEmpty()) {
            throw new IllegalArgumentException("task " + name + ": no context tissue");
        }
        if (!(signal > 0 && signal <= 1)) {
            throw new IllegalArgumentException("task " + name + ": signal " + signal + " not in (0, 1]");
        }
        if (imagesPerClass < 1 || groupSize < 1) {
            throw new IllegalArgumentException("task " + name + ": imagesPerClass " + imagesPerClass
                    + " and groupSize " + groupSize + " must be positive");
        }
    }

    /** The number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** The number of images. */
    public int size() {
        return classNames.size() * imagesPerClass;
    }

    /** The same task with another signal. */
    public SyntheticTask withSignal(double value) {
        return new SyntheticTask(name, description, classNames, classTissues, context, value, imagesPerClass,
                groupSize);
    }

    /** The same task with another number of images per class. */
    public SyntheticTask withImagesPerClass(int value) {
        return new SyntheticTask(name, description, classNames, classTissues, context, signal, value, groupSize);
    }
}

package org.histo4j.transfer;

import java.util.List;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;

/**
 * The frozen features of one encoder on one task: one row per sample, with its label, group and source path.
 * The arrays are shared, not copied (feature matrices are large): do not modify them after construction.
 *
 * @param task the task name, e.g. {@code "breakhis-binary"}
 * @param classNames the class names, indexed by label
 * @param features the feature matrix, n rows of d values
 * @param labels the class of each row, in {@code 0..classNames.size()-1}
 * @param groups the group of each row (patient, slide or image) that cross-validation keeps together
 * @param paths where each row came from (an image path or any sample identifier)
 */
public record FeatureSet(String task, List<String> classNames, float[][] features, int[] labels, String[] groups,
        String[] paths) {

    /** Validates that all arrays describe the same rows and that labels index the class names. */
    public FeatureSet {
        require(task != null && !task.isBlank(), "task must be named");
        require(classNames != null && classNames.size() >= 2, "classNames must list at least 2 classes, got "
                + classNames);
        classNames = List.copyOf(classNames);
        require(features != null && labels != null && groups != null && paths != null,
                "features, labels, groups and paths are required (task " + task + ")");
        int n = features.length;
        require(labels.length == n && groups.length == n && paths.length == n, "task " + task + ": " + n
                + " feature rows but " + labels.length + " labels, " + groups.length + " groups, " + paths.length
                + " paths");
        int d = n == 0 ? 0 : features[0].length;
        int numClasses = classNames.size();
        for (int i = 0; i < n; i++) {
            require(features[i].length == d, "task " + task + ": feature row " + i + " has "
                    + features[i].length + " values, row 0 has " + d);
            require(labels[i] >= 0 && labels[i] < numClasses, "task " + task + ": label of row " + i + " is "
                    + labels[i] + ", outside 0.." + (numClasses - 1));
            require(groups[i] != null && paths[i] != null, "task " + task + ": row " + i
                    + " has a null group or path");
        }
    }

    /**
     * The features of every image of {@code source} (rows in source order), with the source's name, classes,
     * labels, groups and locations.
     */
    public static FeatureSet of(ImageSource source, float[][] features) {
        String[] paths = new String[source.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = source.location(i);
        }
        return new FeatureSet(source.name(), source.classes(), features, source.labels(), source.groups(), paths);
    }

    /** The number of rows (samples). */
    public int size() {
        return features.length;
    }

    /** The number of features per row. */
    public int dimension() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** The number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The number of distinct groups. */
    public int numGroups() {
        return (int) java.util.Arrays.stream(groups).distinct().count();
    }

    /** The rows of the given indices, as a new feature set sharing the row arrays. */
    public FeatureSet subset(int[] rows) {
        return new FeatureSet(task, classNames,
                IntStream.of(rows).mapToObj(i -> features[i]).toArray(float[][]::new),
                IntStream.of(rows).map(i -> labels[i]).toArray(),
                IntStream.of(rows).mapToObj(i -> groups[i]).toArray(String[]::new),
                IntStream.of(rows).mapToObj(i -> paths[i]).toArray(String[]::new));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

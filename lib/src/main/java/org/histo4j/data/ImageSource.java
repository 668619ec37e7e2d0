package org.histo4j.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * The images of one task, indexed {@code 0..size()-1}, decoded on demand: a source keeps only labels, groups and
 * locations (paths or file offsets) in memory, never the pixels, so pools of a million images fit.
 *
 * <p>To write your own source (a new on-disk layout): index your samples once when the source opens, keep labels
 * and groups in arrays (see {@link org.histo4j.data.source.IndexedSource}, which stores them compactly), decode one
 * image in {@link #read(int)}, and throw {@link UnreadableImageException} naming the location when an image cannot
 * be decoded; callers then apply their {@link ImageFailurePolicy}. {@code read} must be safe to call from several
 * threads at once.
 */
public interface ImageSource extends AutoCloseable {

    /** The task name (the manifest name). */
    String name();

    /** The class names in label order. */
    List<String> classes();

    /** The number of samples. */
    int size();

    /** The label of a sample, an index into {@link #classes()}. */
    int label(int index);

    /** The group of a sample (patient, slide or image id); samples of one group stay in one split. */
    String group(int index);

    /** Where a sample lives (a path, or a file and an offset), for messages. */
    String location(int index);

    /** Decodes a sample's image as RGB; throws {@link UnreadableImageException} if it cannot. */
    BufferedImage read(int index);

    /** The split fixed by the dataset itself (e.g. PatchCamelyon's files), if any. */
    default Optional<Split> presetSplit(int index) {
        return Optional.empty();
    }

    /** Locations dropped while indexing because they were missing ({@link ImageFailurePolicy#SKIP}). */
    default List<String> skipped() {
        return List.of();
    }

    /** Every sample's label, in index order (a new array). */
    default int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(i);
        }
        return labels;
    }

    /** Every sample's group, in index order (a new array). */
    default String[] groups() {
        String[] groups = new String[size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = group(i);
        }
        return groups;
    }

    /** The number of classes. */
    default int classCount() {
        return classes().size();
    }

    /** Releases open files; the default holds none. */
    @Override
    default void close() {}
}

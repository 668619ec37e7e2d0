package org.histo4j.data.source;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.data.ImageSource;

/**
 * Base of the readers: keeps labels as an {@code int[]} and groups as ids into a table of distinct group names,
 * so an index of a million samples costs a few megabytes. Subclasses index their samples with {@link Builder}
 * and implement {@link #location(int)} and {@link #read(int)}.
 */
public abstract class IndexedSource implements ImageSource {

    private final String name;
    private final List<String> classes;
    private final int[] labels;
    private final int[] groups;
    private final String[] groupNames;
    private final List<String> skipped;

    /** Takes the index built by a {@link Builder}. */
    protected IndexedSource(String name, List<String> classes, Builder index) {
        this.name = name;
        this.classes = List.copyOf(classes);
        this.labels = index.labels.stream().mapToInt(Integer::intValue).toArray();
        this.groups = index.groups.stream().mapToInt(Integer::intValue).toArray();
        this.groupNames = index.groupNames.toArray(String[]::new);
        this.skipped = List.copyOf(index.skipped);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public String group(int index) {
        return groupNames[groups[index]];
    }

    @Override
    public List<String> skipped() {
        return skipped;
    }

    /** Converts any decoded image to TYPE_INT_RGB (grey, palette and alpha images included). */
    protected static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Collects labels and groups while a reader indexes its samples. */
    protected static final class Builder {
        private final List<Integer> labels = new ArrayList<>();
        private final List<Integer> groups = new ArrayList<>();
        private final List<String> groupNames = new ArrayList<>();
        private final Map<String, Integer> groupIds = new HashMap<>();
        private final List<String> skipped = new ArrayList<>();

        /** An empty index. */
        public Builder() {
            // fields start at their defaults
        }

        /** Adds a sample. */
        public void add(int label, String group) {
            labels.add(label);
            groups.add(groupIds.computeIfAbsent(group, g -> {
                groupNames.add(g);
                return groupNames.size() - 1;
            }));
        }

        /** Records a location dropped while indexing. */
        public void skip(String location) {
            skipped.add(location);
        }

        /** The number of samples added. */
        public int size() {
            return labels.size();
        }
    }
}

package org.histo4j.data;

import java.awt.image.BufferedImage;
import java.util.List;

/** A source with given labels and groups whose images are 8x8 and encode the index in the red channel. */
public record FakeSource(String name, List<String> classes, int[] labels, String[] groups) implements ImageSource {

    /** {@code n} samples of {@code k} classes ({@code i mod k}), groups of {@code groupSize} consecutive samples. */
    public static FakeSource of(String name, int k, int n, int groupSize) {
        int[] labels = new int[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            groups[i] = "g" + i / groupSize;
        }
        List<String> classes = java.util.stream.IntStream.range(0, k).mapToObj(c -> "c" + c).toList();
        return new FakeSource(name, classes, labels, groups);
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
        return groups[index];
    }

    @Override
    public String location(int index) {
        return name + "#" + index;
    }

    @Override
    public BufferedImage read(int index) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, (index % 256) << 16 | (x * 30) << 8 | y * 30);
            }
        }
        return image;
    }
}

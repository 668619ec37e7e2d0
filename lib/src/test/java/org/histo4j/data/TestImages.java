package org.histo4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes tiny image datasets for tests and builds manifests in code. */
public final class TestImages {

    private TestImages() {}

    /** Writes a PNG filled with one colour. */
    public static Path png(Path file, int rgb, int size) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A manifest built in code. */
    public static DatasetManifest manifest(String name, List<ClassSpec> classes, long images, Layout layout,
            Map<String, String> options, Grouping grouping) {
        return new DatasetManifest(name, "test", "none", "none", "none", "H&E", null, 0.5, classes, images, true,
                layout, options, grouping, null);
    }
}

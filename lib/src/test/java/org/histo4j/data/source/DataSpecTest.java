package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.histo4j.Histo4jException;
import org.histo4j.data.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSpecTest {

    @Test
    void syntheticTasksWithAnImageCount() {
        try (ImageSource source = new DataSpec("synthetic:syn-target-low-signal:30").open(null)) {
            assertEquals("syn-target-low-signal", source.name());
            assertEquals(60, source.size());
            assertEquals(64, source.read(0).getWidth());
        }
        Histo4jException e = assertThrows(Histo4jException.class, () -> new DataSpec("synthetic:nope").open(null));
        assertTrue(e.getMessage().startsWith("data synthetic:nope: no synthetic task 'nope'; the pool tasks are ["
                + "syn-tissue-types,"), e.getMessage());
        assertTrue(e.getMessage().contains("the targets [syn-target-gland-grade,"), e.getMessage());
    }

    @Test
    void foldersAndCsvListsWithSortedClassesAndGroups(@TempDir Path dir) throws IOException {
        for (String label : List.of("b", "a")) {
            Files.createDirectories(dir.resolve(label));
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png",
                    dir.resolve(label).resolve("x.png").toFile());
        }
        try (ImageSource folder = new DataSpec(dir.toString()).open(null)) {
            assertEquals(List.of("a", "b"), folder.classes());
            assertEquals(2, folder.size());
        }
        Path csv = Files.write(dir.resolve("list.csv"), List.of("path,label,group", "b/x.png,zeta,p9",
                "a/x.png,alpha,p9"));
        try (ImageSource list = new DataSpec(csv.toString()).open(null)) {
            assertEquals(List.of("alpha", "zeta"), list.classes());
            assertEquals(1, list.label(0));
            assertEquals("p9", list.group(1));
        }
        Histo4jException missing = assertThrows(Histo4jException.class, () -> new DataSpec(dir.resolve("none.csv")
                .toString()).open(null));
        assertTrue(missing.getMessage().startsWith("data not found: "), missing.getMessage());
    }
}

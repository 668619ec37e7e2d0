package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.TestImages;
import org.histo4j.data.UnreadableImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListSourceTest {

    @TempDir
    Path root;

    private static final List<ClassSpec> AB = List.of(ClassSpec.unknownCount("a"), ClassSpec.unknownCount("b"));

    @Test
    void folderLayoutIndexesClassesAndGroupsFromFileNames() throws IOException {
        TestImages.png(root.resolve("a/SOB_B_A-14-111AB-40-001.png"), 0xFF0000, 4);
        TestImages.png(root.resolve("a/SOB_B_A-14-111AB-40-002.png"), 0xFF0000, 4);
        TestImages.png(root.resolve("b/deeper/SOB_M_DC-15-222-40-001.png"), 0x0000FF, 4);
        Files.writeString(root.resolve("b/notes.txt"), "not an image");
        DatasetManifest m = TestImages.manifest("t", AB, 3, Layout.FOLDER,
                Map.of("groupPattern", "^SOB_[BM]_[A-Z]+-([0-9]+-[0-9A-Z]+)-"), Grouping.PATIENT);
        try (ImageSource s = Sources.open(m, root, ImageFailurePolicy.FAIL, 0)) {
            assertEquals(3, s.size());
            assertEquals(List.of(0, 0, 1), List.of(s.label(0), s.label(1), s.label(2)));
            assertEquals(List.of("14-111AB", "14-111AB", "15-222"), List.of(s.group(0), s.group(1), s.group(2)));
            assertEquals(0x0000FF, s.read(2).getRGB(1, 1) & 0xFFFFFF);
            assertTrue(s.location(2).endsWith("SOB_M_DC-15-222-40-001.png"));
        }
    }

    @Test
    void missingClassFolderIsReported() throws IOException {
        TestImages.png(root.resolve("a/x.png"), 0, 4);
        DatasetManifest m = TestImages.manifest("t", AB, -1, Layout.FOLDER, Map.of(), Grouping.IMAGE);
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> Sources.open(m, root, ImageFailurePolicy.FAIL, 0));
        assertTrue(e.getMessage().contains(root.resolve("b").toString()), e.getMessage());
    }

    @Test
    void csvLayoutReadsRelativePathsAndGroups() throws IOException {
        TestImages.png(root.resolve("img/1.png"), 0x00FF00, 4);
        TestImages.png(root.resolve("img/2.png"), 0x000000, 4);
        Files.writeString(root.resolve("labels.csv"), "path,label,group\nimg/1.png,b,p1\nimg/2.png,a,p2\n");
        DatasetManifest m = TestImages.manifest("t", AB, -1, Layout.CSV, Map.of(), Grouping.PATIENT);
        try (ImageSource s = Sources.open(m, root, ImageFailurePolicy.FAIL, 0)) {
            assertEquals(2, s.size());
            assertEquals(1, s.label(0));
            assertEquals("p2", s.group(1));
            assertEquals(0x00FF00, s.read(0).getRGB(0, 0) & 0xFFFFFF);
        }
    }

    @Test
    void csvMissingFilesAreSkippedAndListedOrFatal() throws IOException {
        TestImages.png(root.resolve("1.png"), 0, 4);
        Files.writeString(root.resolve("list.csv"), "path,label\n1.png,a\ngone.png,b\n");
        DatasetManifest m = TestImages.manifest("t", AB, -1, Layout.CSV, Map.of("file", "list.csv"),
                Grouping.IMAGE);
        try (ImageSource s = Sources.open(m, root, ImageFailurePolicy.SKIP, 0)) {
            assertEquals(1, s.size());
            assertEquals(List.of(root.resolve("gone.png").toString()), s.skipped());
        }
        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> Sources.open(m, root, ImageFailurePolicy.FAIL, 0));
        assertEquals(root.resolve("gone.png").toString(), e.location());
    }

    @Test
    void csvUnknownLabelNamesTheLine() throws IOException {
        Files.writeString(root.resolve("labels.csv"), "path,label\nx.png,c\n");
        DatasetManifest m = TestImages.manifest("t", AB, -1, Layout.CSV, Map.of(), Grouping.IMAGE);
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> Sources.open(m, root, ImageFailurePolicy.SKIP, 0));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void undecodableImageNamesItsPath() throws IOException {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("a/bad.png"), "not a png");
        DatasetManifest m = TestImages.manifest("t", AB, -1, Layout.FOLDER, Map.of(), Grouping.IMAGE);
        try (ImageSource s = Sources.open(m, root, ImageFailurePolicy.FAIL, 0)) {
            UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> s.read(0));
            assertEquals(root.resolve("a/bad.png").toString(), e.location());
        }
    }
}

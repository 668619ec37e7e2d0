package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.Layout;
import org.histo4j.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCheckerTest {

    @TempDir
    Path root;

    private DatasetManifest manifest(long a, long b, long c) {
        return TestImages.manifest("t", List.of(new ClassSpec("a", a), new ClassSpec("b", b), new ClassSpec("c", c)),
                a + b + c, Layout.FOLDER, Map.of(), Grouping.IMAGE);
    }

    @Test
    void aMatchingCopyIsOk() throws IOException {
        TestImages.png(root.resolve("a/1.png"), 0, 4);
        TestImages.png(root.resolve("b/1.png"), 0, 4);
        TestImages.png(root.resolve("b/2.png"), 0, 4);
        TestImages.png(root.resolve("c/1.png"), 0, 4);
        ManifestChecker.Report report = ManifestChecker.check(manifest(1, 2, 1), root);
        assertTrue(report.ok(), report.toString());
        assertEquals(Map.of("a", 1L, "b", 2L, "c", 1L), report.counts());
    }

    @Test
    void reportsMissingAndExtraClassesCountsAndUnreadableFiles() throws IOException {
        TestImages.png(root.resolve("a/1.png"), 0, 4);
        TestImages.png(root.resolve("b/1.png"), 0, 4);
        Files.writeString(root.resolve("b/2.png"), "broken");
        TestImages.png(root.resolve("d/1.png"), 0, 4);
        ManifestChecker.Report report = ManifestChecker.check(manifest(1, 3, 5), root);
        List<String> problems = report.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("class 'c' is missing")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(root.resolve("d").toString())
                && p.contains("not a class")), problems.toString());
        assertTrue(problems.contains("class 'b': expected 3 images, found 2"), problems.toString());
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(1, report.unreadable().size());
        assertTrue(report.unreadable().get(0).startsWith(root.resolve("b/2.png").toString()));
        assertTrue(report.toString().contains("unreadable: " + root.resolve("b/2.png")), report.toString());
    }

    @Test
    void totalMismatchIsReportedWhenAllClassesArePresent() throws IOException {
        TestImages.png(root.resolve("a/1.png"), 0, 4);
        TestImages.png(root.resolve("b/1.png"), 0, 4);
        DatasetManifest m = TestImages.manifest("t", List.of(ClassSpec.unknownCount("a"),
                ClassSpec.unknownCount("b")), 5, Layout.FOLDER, Map.of(), Grouping.IMAGE);
        ManifestChecker.Report report = ManifestChecker.check(m, root);
        assertEquals(List.of("expected 5 images in total, found 2"), report.problems());
    }

    @Test
    void aMissingRootIsOneProblem() {
        ManifestChecker.Report report = ManifestChecker.check(manifest(1, 1, 1), root.resolve("nowhere"));
        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).contains("nowhere"), report.problems().toString());
    }
}

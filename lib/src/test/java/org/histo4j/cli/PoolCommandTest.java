package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PoolCommandTest {

    static final Path MANIFESTS = Fixtures.repository().resolve("data-manifests");

    @TempDir
    Path dir;

    /** Runs a command line, returning exit code and standard output; a failure is rethrown as Main would see it. */
    static String[] run(Callable<Integer> command, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        Exception[] failure = new Exception[1];
        try {
            CommandLine cl = new CommandLine(command);
            cl.setExecutionExceptionHandler((e, c, p) -> {
                failure[0] = e;
                return 1;
            });
            int code = cl.execute(args);
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            }
            return new String[] {Integer.toString(code), out.toString()};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void describeListsTheMormontPoolWithTotals() {
        String[] result = run(new PoolCommand(), "describe", MANIFESTS.resolve("mormont-2020-pool.json").toString());
        assertEquals("0", result[0]);
        assertTrue(result[1].contains("22 tasks, 81 classes, 882800 images; 1 held-out target(s)"), result[1]);
        assertTrue(result[1].contains("camelyon16") && result[1].contains("breakhis"), result[1]);
    }

    @Test
    void describeOfABadManifestIsAHisto4jException() {
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> run(new PoolCommand(), "describe", dir.resolve("none.json").toString()));
        assertTrue(e.getMessage().contains("none.json"), e.getMessage());
    }

    @Test
    void dataCheckExitsZeroOnAGoodCopyAndOneWithTheProblemsListed() throws Exception {
        Files.writeString(dir.resolve("t.json"), """
                {"kind": "dataset", "name": "t", "description": "d", "citation": "c", "url": "u", "licence": "l",
                 "stain": "H&E", "micronsPerPixel": 0.5,
                 "classes": [{"name": "a", "count": 1}, {"name": "b", "count": 1}],
                 "images": 2, "layout": {"type": "folder"}, "grouping": "image"}""");
        TestImages.png(dir.resolve("copy/a/1.png"), 0, 4);
        TestImages.png(dir.resolve("copy/b/1.png"), 0, 4);
        String[] ok = run(new DataCommand(), "check", dir.resolve("t.json").toString(), "--root",
                dir.resolve("copy").toString());
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("OK"), ok[1]);
        Files.delete(dir.resolve("copy/b/1.png"));
        String[] bad = run(new DataCommand(), "check", dir.resolve("t.json").toString(), "--root",
                dir.resolve("copy").toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[1].contains("class 'b': expected 1 images, found 0"), bad[1]);
        String[] usage = run(new DataCommand(), "check", dir.resolve("t.json").toString());
        assertEquals("2", usage[0]);
    }

    @Test
    void dataCheckOfASyntheticManifestNeedsNoRoot() {
        String[] result = run(new DataCommand(), "check", MANIFESTS.resolve("syn-lymphocytes.json").toString());
        assertEquals("0", result[0], result[1]);
    }
}

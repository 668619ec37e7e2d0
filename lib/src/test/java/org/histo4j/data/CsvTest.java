package org.histo4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.source.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void aCsvHisto4jWroteWithQuotedFieldsReadsBackFieldForField() throws IOException {
        Path file = dir.resolve("out.csv");
        List<List<?>> rows = List.of(List.of("img/b0.png", "b, comma", "g0"), List.of("x.png", "say \"hi\"", 3),
                List.of("y.png", "two\nlines", ""));
        Csv.write(file, List.of("path", "label", "group"), rows);
        assertTrue(Files.readString(file).contains("\"b, comma\""), "the comma field is quoted");
        Csv csv = Csv.read(file);
        assertEquals(List.of("path", "label", "group"), csv.header());
        assertEquals(List.of("img/b0.png", "b, comma", "g0"), csv.rows().get(0).cells());
        assertEquals("say \"hi\"", csv.rows().get(1).get("label"));
        assertEquals("3", csv.rows().get(1).get("group"));
        assertEquals("two\nlines", csv.rows().get(2).get("label"));
        assertTrue(csv.rows().get(2).opt("group").isEmpty());
        assertEquals(List.of(2L, 3L, 4L), csv.rows().stream().map(Csv.Row::line).toList());
    }

    @Test
    void aQuotedClassWithACommaKeepsItsLabelAndGroup() throws IOException {
        TestImages.png(dir.resolve("img/b0.png"), 0x00FF00, 4);
        TestImages.png(dir.resolve("img/a0.png"), 0x000000, 4);
        Csv.write(dir.resolve("labels.csv"), List.of("path", "label", "group"),
                List.of(List.of("img/b0.png", "b, comma", "g0"), List.of("img/a0.png", "a", "g1")));
        List<ClassSpec> classes = List.of(ClassSpec.unknownCount("a"), ClassSpec.unknownCount("b, comma"));
        DatasetManifest m = TestImages.manifest("t", classes, -1, Layout.CSV, Map.of(), Grouping.PATIENT);
        try (ImageSource s = Sources.open(m, dir, ImageFailurePolicy.FAIL, 0)) {
            assertEquals(2, s.size());
            assertEquals(1, s.label(0));
            assertEquals("g0", s.group(0));
            assertEquals(0, s.label(1));
        }
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsAccepted() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.writeString(file, "\uFEFFpath,label\na.png,x\n", StandardCharsets.UTF_8);
        Csv csv = Csv.read(file);
        assertEquals(List.of("path", "label"), csv.header());
        assertEquals("x", csv.rows().getFirst().get("label"));
    }

    @Test
    void aRowWithTooManyOrTooFewFieldsNamesItsLine() throws IOException {
        Path many = dir.resolve("many.csv");
        Files.writeString(many, "path,label\n\"a\nb.png\",x\n\nc.png,y,extra\n");
        Histo4jException e = assertThrows(Histo4jException.class, () -> Csv.read(many));
        assertTrue(e.getMessage().contains(many + " line 5 has 3 fields, the header 2"), e.getMessage());
        Path few = dir.resolve("few.csv");
        Files.writeString(few, "path,label,group\na.png,x,g\nb.png\n");
        e = assertThrows(Histo4jException.class, () -> Csv.read(few));
        assertTrue(e.getMessage().contains(few + " line 3 has 1 field, the header 3"), e.getMessage());
    }

    @Test
    void anAppendedLineIsQuotedAndParsesBack() {
        String line = Csv.line(List.of(7, "task, one", "loss", 0.5));
        assertEquals("7,\"task, one\",loss,0.5\n", line);
        assertEquals(List.of("7", "task, one", "loss", "0.5"), Csv.fields(line.strip()).orElseThrow());
        assertTrue(Csv.fields("7,\"torn").isEmpty());
    }
}

package org.histo4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

    static final Path MANIFESTS = Fixtures.repository().resolve("data-manifests");

    private static final String VALID = """
            {"kind": "dataset", "name": "%s", "description": "d", "citation": "c", "url": "u", "licence": "l",
             "stain": "H&E", "magnification": 20,
             "classes": [{"name": "a", "count": 2}, {"name": "b", "count": "unknown"}],
             "images": "unknown", "layout": {"type": "folder"}, "grouping": "patient"}
            """;

    @TempDir
    Path dir;

    @Test
    void everyManifestOfTheRepositoryValidates() {
        Map<String, DatasetManifest> all = Manifests.readFolder(MANIFESTS);
        assertTrue(all.size() >= 25 + 11, "manifests read: " + all.size());
        for (DatasetManifest m : all.values()) {
            assertTrue(m.hasMagnification() || m.hasMicrons() || m.file() != null, m.name());
        }
    }

    @Test
    void mormontPoolTotalsAreThoseOfThePaper() {
        ResolvedPool pool = Manifests.resolvePool(MANIFESTS.resolve("mormont-2020-pool.json"));
        assertEquals(22, pool.tasks().size());
        assertEquals(81, pool.classCount());
        assertEquals(882_800, pool.imageCount());
        assertEquals("breakhis", pool.targets().get(0).name());
        assertEquals(2, pool.tasks().stream().filter(t -> t.name().equals("camelyon16")).findFirst().orElseThrow()
                .classCount());
        assertEquals(292_226, pool.tasks().stream().filter(t -> t.name().equals("camelyon16")).findFirst()
                .orElseThrow().images());
        assertEquals(24, pool.describe().rowCount() + 1, "22 tasks + 1 target + 1");
    }

    @Test
    void knownDatasetsHaveTheirPublishedCounts() {
        DatasetManifest kather = Manifests.readDataset(MANIFESTS.resolve("nct-crc-he-100k.json"));
        assertEquals(9, kather.classCount());
        assertEquals(100_000, kather.classes().stream().mapToLong(ClassSpec::count).sum());
        DatasetManifest pcam = Manifests.readDataset(MANIFESTS.resolve("patchcamelyon.json"));
        assertEquals(Layout.HDF5_PCAM, pcam.layout());
        assertEquals(327_680, pcam.images());
    }

    @Test
    void syntheticManifestsMatchTheGenerator() {
        ResolvedPool pool = Manifests.resolvePool(MANIFESTS.resolve("synthetic-pool.json"));
        assertEquals(SyntheticPool.POOL.size(), pool.tasks().size());
        assertEquals(SyntheticPool.TARGETS.size(), pool.targets().size());
        for (DatasetManifest m : pool.tasks()) {
            SyntheticTask task = SyntheticPool.find(m.option("task").orElseThrow()).orElseThrow();
            assertEquals(task.classNames(), m.classNames(), m.name());
            assertEquals(task.size(), m.images(), m.name());
        }
        for (DatasetManifest m : pool.targets()) {
            assertTrue(SyntheticPool.TARGETS.stream().anyMatch(t -> t.name().equals(m.name())), m.name());
        }
    }

    @Test
    void aValidManifestReadsUnknownAsMinusOne() throws IOException {
        DatasetManifest m = Manifests.readDataset(write("ok", VALID.formatted("ok")));
        assertEquals(-1, m.images());
        assertEquals(2, m.classes().get(0).count());
        assertTrue(m.classes().get(1).knownCount().isEmpty());
        assertEquals(Grouping.PATIENT, m.grouping());
        assertFalse(m.hasMicrons());
    }

    @Test
    void errorsNameTheFileAndTheField() throws IOException {
        expect("missing", VALID.formatted("missing").replace("\"citation\": \"c\",", ""), "citation");
        expect("badlayout", VALID.formatted("badlayout").replace("\"folder\"", "\"zip\""), "layout.type");
        expect("badgroup", VALID.formatted("badgroup").replace("\"patient\"", "\"ward\""), "grouping");
        expect("badcount", VALID.formatted("badcount").replace("\"count\": 2", "\"count\": -3"),
                "classes[0].count");
        expect("other", VALID.formatted("wrong-name"), "name");
        expect("noscale", VALID.formatted("noscale").replace("\"magnification\": 20,", ""), "magnification");
        expect("total", VALID.formatted("total").replace("\"count\": \"unknown\"}", "\"count\": 3}")
                .replace("\"images\": \"unknown\"", "\"images\": 9"), "images");
        expect("dup", VALID.formatted("dup").replace("\"name\": \"b\"", "\"name\": \"a\""), "classes[1].name");
        expect("synthetic", VALID.formatted("synthetic").replace("\"folder\"", "\"synthetic\""), "layout.task");
    }

    @Test
    void invalidJsonAndMissingFilesNameTheFile() throws IOException {
        Path broken = write("broken", "{\"kind\": ");
        Histo4jException e = assertThrows(Histo4jException.class, () -> Manifests.readDataset(broken));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        Path missing = dir.resolve("absent.json");
        e = assertThrows(Histo4jException.class, () -> Manifests.readDataset(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void poolErrorsNameTheFileAndTheField() throws IOException {
        write("a", VALID.formatted("a"));
        Path pool = write("p", """
                {"kind": "pool", "name": "p", "description": "d", "citation": "c", "tasks": ["a", "zz"]}""");
        Histo4jException e = assertThrows(Histo4jException.class, () -> Manifests.resolvePool(pool));
        assertTrue(e.getMessage().contains(pool.toString()) && e.getMessage().contains("'tasks'")
                && e.getMessage().contains("zz"), e.getMessage());
        Path overlap = write("q", """
                {"kind": "pool", "name": "q", "description": "d", "citation": "c", "tasks": ["a"], "targets": ["a"]}""");
        e = assertThrows(Histo4jException.class, () -> Manifests.readPool(overlap));
        assertTrue(e.getMessage().contains("'targets'"), e.getMessage());
        Path kind = write("r", VALID.formatted("r"));
        e = assertThrows(Histo4jException.class, () -> Manifests.readPool(kind));
        assertTrue(e.getMessage().contains("'kind'"), e.getMessage());
    }

    @Test
    void countsThatWouldWrapAreNegativeOrFractionalAreRefusedNamingFilePathAndValue() throws IOException {
        expectMessage("huge", VALID.formatted("huge").replace("\"images\": \"unknown\"",
                "\"images\": 18446744073709551630"), "field 'images' must be a non-negative integer or \"unknown\";"
                + " 18446744073709551630 is too large");
        expectMessage("past", VALID.formatted("past").replace("\"count\": 2", "\"count\": 9223372036854775808"),
                "field 'classes[0].count' must be a non-negative integer or \"unknown\"; 9223372036854775808 is too large");
        expectMessage("neg", VALID.formatted("neg").replace("\"count\": 2", "\"count\": -1"),
                "field 'classes[0].count' must be a non-negative integer or \"unknown\"; -1 is negative");
        expectMessage("half", VALID.formatted("half").replace("\"count\": 2", "\"count\": 2.5"),
                "field 'classes[0].count' must be a non-negative integer or \"unknown\"; 2.5 is not a whole number");
        expectMessage("size", VALID.formatted("size").replace("{\"type\": \"folder\"}",
                "{\"type\": \"synthetic\", \"task\": \"syn-lymphocytes\", \"size\": 4294967360}"),
                "field 'layout.size' must be a positive integer; 4294967360 is too large");
        Path exact = write("exact", VALID.formatted("exact").replace("\"count\": 2", "\"count\": 2.0"));
        assertEquals(2, Manifests.readDataset(exact).classes().getFirst().count(), "2.0 is the whole number 2");
    }

    @Test
    void aMisspelledFieldIsNamedWithTheFieldsThatExist() throws IOException {
        expectMessage("typo", VALID.formatted("typo").replace("\"grouping\"", "\"groupin\": 1, \"grouping\""),
                "field 'groupin' is not a field of a dataset manifest; the fields are [kind, name, description,");
        expectMessage("ctypo", VALID.formatted("ctypo").replace("\"count\": 2", "\"count\": 2, \"cuont\": 2"),
                "field 'classes[0].cuont' is not a field of a class; the fields are [name, count]");
        expectMessage("otypo", VALID.formatted("otypo").replace("{\"type\": \"folder\"}",
                "{\"type\": \"folder\", \"file\": \"x.csv\"}"),
                "field 'layout.file' is not an option of the folder layout; its options are [groupPattern]");
        write("a", VALID.formatted("a"));
        Path pool = write("p", """
                {"kind": "pool", "name": "p", "description": "d", "citation": "c", "tasks": ["a"], "targetz": []}""");
        Histo4jException e = assertThrows(Histo4jException.class, () -> Manifests.readPool(pool));
        assertTrue(e.getMessage().contains("field 'targetz' is not a field of a pool manifest; the fields are [kind,"
                + " name, description, citation, tasks, targets]"), e.getMessage());
    }

    @Test
    void anUnknownSyntheticTaskListsEveryTaskPoolTasksIncluded() {
        Histo4jException e = assertThrows(Histo4jException.class, () -> SyntheticPool.require("nope", "data x"));
        for (SyntheticTask task : SyntheticPool.POOL) {
            assertTrue(e.getMessage().contains(task.name()), e.getMessage());
        }
        for (SyntheticTask task : SyntheticPool.TARGETS) {
            assertTrue(e.getMessage().contains(task.name()), e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("data x: no synthetic task 'nope'"), e.getMessage());
    }

    private void expectMessage(String file, String json, String message) throws IOException {
        Path path = write(file, json);
        Histo4jException e = assertThrows(Histo4jException.class, () -> Manifests.readDataset(path));
        assertTrue(e.getMessage().contains("manifest " + path + ": " + message), e.getMessage());
    }

    private void expect(String file, String json, String field) throws IOException {
        expectMessage(file, json, "field '" + field + "'");
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), json);
    }
}

package org.histo4j.cli.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.data.Csv;
import org.histo4j.slide.encode.BagCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slide cohort --labs} and {@code slide encode --stain macenko:slide} end to end on two tiny slides. */
class SlideStainCommandTest {

    private static String[] encode(Path cohort, Path bags, String stain) {
        return new String[] {"encode", cohort.resolve("cohort.csv").toString(), "--encoder", "random:nic",
            "--tile-size", "64", "--mpp", "1.0", "--stain", stain, "--out", bags.toString()};
    }

    @Test
    void eachSlideIsFittedOnceAndItsFitIsRecordedWithItsBag(@TempDir Path dir) throws Exception {
        Path cohort = dir.resolve("cohort");
        Path bags = dir.resolve("bags");
        SlideRun made = SlideRun.of("cohort", "--slides", "2", "--labs", "3", "--width", "1024", "--height", "768",
                "--islands", "2", "--lesion-fraction", "0.1", "--lesion-radius", "50", "--seed", "4", "--out",
                cohort.toString());
        SlideRun encoded = SlideRun.of(encode(cohort, bags, "macenko:slide"));
        SlideRun again = SlideRun.of(encode(cohort, bags, "macenko:slide"));
        List<String> fits = List.of(Files.readString(bags.resolve("slide-000.stain.json")),
                Files.readString(bags.resolve("slide-001.stain.json")));
        SlideRun plain = SlideRun.of(encode(cohort, bags, "none"));

        assertEquals(List.of(0, 0, 0, 0), List.of(made.exit(), encoded.exit(), again.exit(), plain.exit()),
                String.valueOf(List.of(made, encoded, again, plain)));
        assertTrue(again.out().contains("2 slides (2 skipped as fresh)"), again.out());
        assertTrue(plain.out().contains("2 slides (0 skipped as fresh)"), "a bag of another normaliser is stale: "
                + plain.out());
        ObjectMapper json = new ObjectMapper();
        for (String fit : fits) {
            JsonNode node = json.readTree(fit);
            assertEquals("macenko", node.path("method").asText());
            assertEquals(3, node.path("source").path("hematoxylin").size(), fit);
            assertEquals(0.5626, node.path("hematoxylin").get(0).asDouble(), 1e-12, "the standard reference");
        }
        assertTrue(!fits.get(0).equals(fits.get(1)), "each slide has its own fit");
        List<String> labs = Csv.read(cohort.resolve("cohort.csv")).rows().stream().map(r -> r.get("lab")).toList();
        assertEquals(2, labs.size());
        assertEquals(3, Files.readAllLines(cohort.resolve("labs.csv")).size() - 1, "three labs listed");
    }

    @Test
    void macenkoSlideBagsShareOneNormalisationAndAreReadAsACohort(@TempDir Path dir) {
        Path cohort = dir.resolve("cohort");
        Path bags = dir.resolve("bags");
        SlideRun.of("cohort", "--slides", "2", "--width", "768", "--height", "512", "--islands", "1",
                "--lesion-fraction", "0.1", "--lesion-radius", "40", "--out", cohort.toString());
        SlideRun encoded = SlideRun.of(encode(cohort, bags, "macenko:slide"));

        assertEquals(0, encoded.exit(), String.valueOf(encoded));
        assertEquals(2, BagCohort.read(bags).size());
        assertTrue(BagCohort.provenance(bags).normalisation().contains("macenko:slide->macenko@"),
                BagCohort.provenance(bags).normalisation());
        SlideRun badUsage = SlideRun.of(encode(cohort, dir.resolve("x"), "reinhard:slide"));
        assertEquals(2, badUsage.exit());
    }

    @Test
    void vahadaneSlideFitsEachSlideWithTheSparseFactorisation(@TempDir Path dir) throws Exception {
        Path cohort = dir.resolve("cohort");
        SlideRun.of("cohort", "--slides", "2", "--width", "768", "--height", "512", "--islands", "1",
                "--lesion-fraction", "0.1", "--lesion-radius", "40", "--seed", "5", "--out", cohort.toString());
        SlideRun vahadane = SlideRun.of(encode(cohort, dir.resolve("v"), "vahadane:slide"));
        SlideRun macenko = SlideRun.of(encode(cohort, dir.resolve("m"), "macenko:slide"));

        assertEquals(List.of(0, 0), List.of(vahadane.exit(), macenko.exit()), vahadane + " " + macenko);
        ObjectMapper json = new ObjectMapper();
        JsonNode v = json.readTree(dir.resolve("v/slide-000.stain.json").toFile());
        JsonNode m = json.readTree(dir.resolve("m/slide-000.stain.json").toFile());
        assertEquals("vahadane", v.path("method").asText());
        assertEquals(0.1, v.path("lambda").asDouble(), 1e-12);
        assertEquals(3, v.path("source").path("hematoxylin").size(), v.toString());
        assertTrue(!v.path("source").equals(m.path("source")), "the two estimates of the slide's stains differ");
        assertTrue(BagCohort.provenance(dir.resolve("v")).normalisation().contains("vahadane:slide->vahadane@"),
                BagCohort.provenance(dir.resolve("v")).normalisation());
    }
}

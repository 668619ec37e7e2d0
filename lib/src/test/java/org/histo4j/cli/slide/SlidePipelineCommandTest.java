package org.histo4j.cli.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import org.histo4j.model.Encoder;
import org.histo4j.model.weights.DjlParameters;
import org.histo4j.model.weights.Weights;
import org.histo4j.slide.annotation.QuPathGeoJson;
import org.histo4j.slide.annotation.TileFeature;
import org.histo4j.transfer.TransferResults;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slide pipeline on the command line: cohort, encode, train, heatmap, finetune, on four tiny synthetic slides. */
class SlidePipelineCommandTest {

    private static SlideRun run(String... args) {
        return SlideRun.of(args);
    }

    @Test
    void cohortEncodeTrainAndHeatmap(@TempDir Path dir) throws Exception {
        Path cohort = dir.resolve("cohort");
        Path bags = dir.resolve("bags");
        Path trained = dir.resolve("trained");
        Path png = dir.resolve("maps/heat.png");

        SlideRun made = run("cohort", "--slides", "4", "--width", "1024", "--height", "768", "--islands", "2",
                "--lesion-fraction", "0.1", "--lesion-radius", "50", "--out", cohort.toString());
        SlideRun encoded = run("encode", cohort.resolve("cohort.csv").toString(), "--encoder", "random:nic",
                "--tile-size", "64", "--mpp", "1.0", "--out", bags.toString());
        SlideRun again = run("encode", cohort.resolve("cohort.csv").toString(), "--encoder", "random:nic",
                "--tile-size", "64", "--mpp", "1.0", "--out", bags.toString());
        SlideRun fitted = run("train", bags.toString(), "--model", "abmil,clam-sb,transmil", "--folds", "2", "--seeds",
                "1", "--epochs", "2", "--out", trained.toString());
        Path slide = cohort.resolve("slides/slide-001.tif");
        Path geojson = dir.resolve("maps/tiles.geojson");
        SlideRun drawn = run("heatmap", slide.toString(), "--bags", bags.toString(), "--model",
                trained.resolve("model-abmil").toString(), "--out", png.toString(), "--thumbnail", "384",
                "--scale", "log", "--geojson", geojson.toString());
        SlideRun badScale = run("heatmap", slide.toString(), "--bags", bags.toString(), "--model",
                trained.resolve("model-abmil").toString(), "--out", png.toString(), "--scale", "rainbow");

        assertEquals(List.of(0, 0, 0, 0, 0), List.of(made.exit(), encoded.exit(), again.exit(), fitted.exit(),
                drawn.exit()), String.valueOf(List.of(made, encoded, again, fitted, drawn)));
        assertTrue(again.out().contains("4 slides (4 skipped as fresh)"), again.out());
        TransferResults results = TransferResults.read(trained.resolve("results.csv"));
        // per model (3) and the one seed: 2 folds x (auc, accuracy) + out-of-fold auc, + attention_auc and
        // topk_lesion when a positive slide has lesion tiles (the cohort's lesion masks were found from the bags)
        assertEquals(List.of("abmil", "clam-sb", "transmil"), results.table().stringColumn("mode").unique().asList()
                .stream().sorted().toList());
        assertEquals(3 * 7, results.size(), results.table().print());
        faithfulnessRows(trained.resolve("faithfulness.csv"));
        assertEquals(2, badScale.exit(), "--scale rainbow is bad usage");
        exportedTiles(geojson, bags);
        assertEquals(dir.getFileName().toString(), results.table().stringColumn("task").get(0));
        assertEquals("nic", results.table().stringColumn("encoder").get(0));
        assertTrue(Files.isRegularFile(trained.resolve("summary.csv")));
        assertEquals(1 + 3 * 4, Files.readAllLines(trained.resolve("predictions.csv")).size());
        assertTrue(drawn.out().contains("true lesions outlined"), drawn.out());
        BufferedImage heatmap = ImageIO.read(png.toFile());
        assertEquals(384, heatmap.getWidth());
        assertTrue(heatmap.getHeight() > 256, "thumbnail plus colour bar: " + heatmap.getHeight());
        assertTrue(ImageIO.read(dir.resolve("maps/heat-topk.png").toFile()).getWidth() > 0);
        assertEquals("cpu", new ObjectMapper().readTree(trained.resolve("config.json").toFile()).path("device").asText());

        fineTuneTheTopTiles(dir, bags, trained.resolve("model-abmil"));
    }

    /** One row per model, seed and positive slide with lesion tiles; scores are shares and AUCs in [0, 1]. */
    private static void faithfulnessRows(Path csv) {
        Csv table = Csv.read(csv);
        assertEquals(List.of("model", "seed", "slide", "attention_auc", "topk_lesion", "lesion_tiles", "tiles"),
                table.header());
        assertEquals(List.of("abmil", "clam-sb", "transmil"), table.rows().stream().map(r -> r.get("model"))
                .distinct().sorted().toList());
        for (Csv.Row row : table.rows()) {
            double topK = Double.parseDouble(row.get("topk_lesion"));
            assertTrue(topK >= 0 && topK <= 1, row.toString());
            assertTrue(row.integer("lesion_tiles") > 0 && row.integer("lesion_tiles") <= row.integer("tiles"));
        }
    }

    /** The GeoJSON export holds every tile of the slide's bag, with attention weights summing to 1. */
    private static void exportedTiles(Path geojson, Path bags) {
        List<TileFeature> tiles = QuPathGeoJson.readTiles(geojson);
        Csv.Row bag = Csv.read(bags.resolve("bags.csv")).rows().stream()
                .filter(r -> r.get("slide").equals("slide-001")).findFirst().orElseThrow();
        assertEquals(bag.integer("tiles"), tiles.size());
        assertEquals(1.0, tiles.stream().mapToDouble(t -> t.measurements().get("attention")).sum(), 1e-4);
        assertTrue(tiles.stream().allMatch(t -> t.size() == bag.integer("tile_size") && List.of("negative", "positive")
                .contains(t.classification())), tiles.getFirst().toString());
    }

    /** Top-k fine-tuning changes the encoder, saves exactly the weights it reports and refuses another encoder. */
    private static void fineTuneTheTopTiles(Path dir, Path bags, Path model) throws Exception {
        Path out = dir.resolve("tuned");
        SlideRun wrongEncoder = run("finetune", bags.toString(), "--model", model.toString(), "--top-k", "2",
                "--encoder", "random:nic:7", "--out", out.toString());
        SlideRun tuned = run("finetune", bags.toString(), "--model", model.toString(), "--top-k", "2", "--epochs", "2",
                "--lr", "1e-3", "--encoder", "random:nic", "--out", out.toString());

        assertEquals(1, wrongEncoder.exit());
        assertTrue(wrongEncoder.error().getMessage().startsWith("--encoder random:nic:7 is not the encoder"),
                wrongEncoder.error().getMessage());
        assertEquals(0, tuned.exit(), String.valueOf(tuned.error()));
        assertTrue(tuned.out().contains("epoch 2/2: mean training loss"), tuned.out());
        List<String> losses = Files.readAllLines(out.resolve("losses.csv"));
        assertEquals(List.of("epoch", "1", "2"), losses.stream().map(l -> l.split(",")[0]).toList());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("cpu", config.path("device").asText());
        assertEquals(2, config.path("top_k").asInt());
        String after = config.path("encoder_weights_after").asText();
        assertNotEquals(config.path("encoder_weights_before").asText(), after, "fine-tuning moved the encoder");
        assertEquals(after, new ObjectMapper().readTree(out.resolve("model/model.json").toFile())
                .path("weights_hash").asText());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Encoder reloaded = EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:3"), manager);
            DjlParameters.load(reloaded, out.resolve("encoder.params"));
            assertEquals(after, Weights.digest(reloaded.namedParameters()));
        }
    }

    @Test
    void badInputIsOneClearLine(@TempDir Path dir) {
        SlideRun encoder = run("encode", dir.resolve("missing.svs").toString(), "--encoder", "random:nic",
                "--out", dir.toString());
        SlideRun unknown = run("train", dir.toString(), "--model", "transformer", "--out", dir.resolve("t").toString());
        SlideRun noBags = run("train", dir.toString(), "--out", dir.resolve("t").toString());

        assertEquals(2, unknown.exit(), "an unknown --model is bad usage");
        for (SlideRun run : List.of(encoder, noBags)) {
            assertEquals(1, run.exit());
            assertInstanceOf(Histo4jException.class, run.error());
            assertTrue(!run.error().getMessage().contains("\n"), run.error().getMessage());
        }
        assertTrue(encoder.error().getMessage().contains("missing.svs"), encoder.error().getMessage());
        assertTrue(noBags.error().getMessage().contains("bags.csv"), noBags.error().getMessage());
    }
}

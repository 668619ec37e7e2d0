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
import org.histo4j.model.Encoder;
import org.histo4j.model.weights.DjlParameters;
import org.histo4j.model.weights.Weights;
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
        SlideRun fitted = run("train", bags.toString(), "--model", "abmil", "--folds", "2", "--seeds", "1", "--epochs",
                "2", "--out", trained.toString());
        Path slide = cohort.resolve("slides/slide-001.tif");
        SlideRun drawn = run("heatmap", slide.toString(), "--bags", bags.toString(), "--model",
                trained.resolve("model").toString(), "--out", png.toString(), "--thumbnail", "384");

        assertEquals(List.of(0, 0, 0, 0, 0), List.of(made.exit(), encoded.exit(), again.exit(), fitted.exit(),
                drawn.exit()), String.valueOf(List.of(made, encoded, again, fitted, drawn)));
        assertTrue(again.out().contains("4 slides (4 skipped as fresh)"), again.out());
        TransferResults results = TransferResults.read(trained.resolve("results.csv"));
        // 2 folds x (auc, accuracy) + 1 out-of-fold auc, for one model and one seed
        assertEquals(5, results.size());
        assertEquals(dir.getFileName().toString(), results.table().stringColumn("task").get(0));
        assertEquals("nic", results.table().stringColumn("encoder").get(0));
        assertTrue(Files.isRegularFile(trained.resolve("summary.csv")));
        assertEquals(5, Files.readAllLines(trained.resolve("predictions.csv")).size());
        BufferedImage heatmap = ImageIO.read(png.toFile());
        assertEquals(384, heatmap.getWidth());
        assertTrue(heatmap.getHeight() > 256, "thumbnail plus colour bar: " + heatmap.getHeight());
        assertTrue(ImageIO.read(dir.resolve("maps/heat-topk.png").toFile()).getWidth() > 0);
        assertEquals("cpu", new ObjectMapper().readTree(trained.resolve("config.json").toFile()).path("device").asText());

        fineTuneTheTopTiles(dir, bags, trained.resolve("model"));
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

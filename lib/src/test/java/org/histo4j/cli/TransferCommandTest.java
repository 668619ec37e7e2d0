package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.jhdf.HdfFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.TransferResults;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TransferCommandTest {

    /** The exit code, standard output and error, and the exception a run ended with (null if none). */
    record Run(int exit, String out, String err, Exception error) {}

    private static Run run(Object command, String... args) {
        AtomicReference<Exception> error = new AtomicReference<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.configure(new CommandLine(command)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            error.set(e);
            return e instanceof CommandLine.ParameterException ? 2 : 1;
        });
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString(), error.get());
    }

    /** Two classes (dark, bright) of 8 images each, 16 px, one sub-folder per class. */
    private static Path folder(Path dir) throws IOException {
        for (String label : List.of("bright", "dark")) {
            Files.createDirectories(dir.resolve(label));
            for (int i = 0; i < 8; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                int level = label.equals("dark") ? 20 + 5 * i : 200 + 5 * i;
                for (int p = 0; p < 256; p++) {
                    image.setRGB(p % 16, p / 16, level << 16 | ((level + p) % 256) << 8 | level);
                }
                ImageIO.write(image, "png", dir.resolve(label).resolve("img" + i + ".png").toFile());
            }
        }
        return dir;
    }

    @Test
    void evaluateWritesResultsSummaryAndReportThenRefusesTheSameOutDir(@TempDir Path tmp) throws IOException {
        Path data = folder(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        String[] args = {"evaluate", "--data", data.toString(), "--encoder", "random:nic:1", "--encoder",
            "random:nic:2@block2", "--mode", "linear,finetune", "--epochs", "2", "--folds", "2", "--seeds", "2",
            "--out", out.toString()};

        Run first = run(new TransferCommand(), args);

        assertEquals(0, first.exit(), () -> String.valueOf(first.error()));
        for (String file : List.of("results.csv", "summary.csv", "report.html", "learning-curves.csv", "config.json",
                "cache/" + "random_nic_1__data.h5")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        TransferResults results = TransferResults.read(out.resolve("results.csv"));
        var table = results.table();
        assertEquals(List.of("random:nic:1", "random:nic:2@block2"), table.stringColumn("encoder").unique().asList()
                .stream().sorted().toList());
        assertEquals(List.of("finetune", "logistic"), table.stringColumn("mode").unique().asList().stream().sorted()
                .toList());
        // 2 encoders x (linear: 2 seeds x 2 folds x 4 metrics + finetune: 2 x 2 x 4 metrics)
        assertEquals(2 * (16 + 16), results.size());
        String page = Files.readString(out.resolve("report.html"));
        assertTrue(page.contains("Plotly.newPlot") && !page.contains("<script src"), "charts drawn offline");
        assertTrue(first.out().contains("random:nic:1"), first.out());

        Run second = run(new TransferCommand(), args);
        assertEquals(1, second.exit());
        assertInstanceOf(Histo4jException.class, second.error());
        assertEquals(out + " already holds results.csv; pass --resume to continue it, --overwrite to start again, or "
                + "choose another --out", second.error().getMessage());
    }

    @Test
    void aRunInterruptedAfterItsConfigurationIsRerunWithoutOverwriteAndFinishedResultsNeedOverwrite(@TempDir Path tmp)
            throws IOException {
        Path data = folder(tmp.resolve("data"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("config.json"), "{}"); // what an interrupted run left
        String[] args = {"evaluate", "--data", data.toString(), "--encoder", "random:nic:1", "--folds", "2",
            "--seeds", "1", "--out", out.toString()};

        Run rerun = run(new TransferCommand(), args);
        assertEquals(0, rerun.exit(), () -> String.valueOf(rerun.error()));
        assertTrue(Files.isRegularFile(out.resolve("results.csv")));

        String[] overwrite = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--overwrite")).toArray(String[]::new);
        Run again = run(new TransferCommand(), overwrite);
        assertEquals(0, again.exit(), () -> String.valueOf(again.error()));
    }

    @Test
    void anInterruptedEvaluationResumesToTheFilesOfAnUninterruptedOne(@TempDir Path tmp) throws IOException {
        Path data = folder(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        String[] args = {"evaluate", "--data", data.toString(), "--encoder", "random:nic:1", "--mode",
            "linear,finetune", "--epochs", "1", "--folds", "2", "--seeds", "2", "--out", out.toString()};
        Run whole = run(new TransferCommand(), args);
        assertEquals(0, whole.exit(), () -> String.valueOf(whole.error()));
        List<String> files = List.of("results.csv", "summary.csv", "learning-curves.csv");
        List<String> expected = new ArrayList<>();
        for (String file : files) {
            expected.add(Files.readString(out.resolve(file)));
        }
        // what a kill after 5 of the 8 (encoder, mode, seed, fold) units leaves: their 4 rows each, no summary
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        Files.write(out.resolve("results.csv"), lines.subList(0, 1 + 5 * 4));
        Files.delete(out.resolve("summary.csv"));
        Files.delete(out.resolve("report.html"));

        Run refused = run(new TransferCommand(), args);
        assertEquals(1, refused.exit(), "without --resume the folder is not reused");

        Run resumed = run(new TransferCommand(), append(args, "--resume"));

        assertEquals(0, resumed.exit(), () -> String.valueOf(resumed.error()));
        assertTrue(resumed.err().contains(": 5 finished (encoder, mode, seed, fold) units kept from results.csv"),
                resumed.err());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(expected.get(i), Files.readString(out.resolve(files.get(i))), files.get(i));
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void resumeRefusesOtherOptionsAMissingRunAndOverwrite(@TempDir Path tmp) throws IOException {
        Path data = folder(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        String[] args = {"evaluate", "--data", data.toString(), "--encoder", "random:nic:1", "--folds", "2",
            "--seeds", "1", "--out", out.toString()};

        Run missing = run(new TransferCommand(), append(args, "--resume"));
        assertEquals(1, missing.exit());
        assertEquals("--out " + out + " has no config.json: nothing to resume; drop --resume",
                missing.error().getMessage());
        assertTrue(Files.notExists(out), "nothing is created");

        assertEquals(0, run(new TransferCommand(), args).exit());
        String results = Files.readString(out.resolve("results.csv"));
        String[] moreSeeds = append(args, "--resume");
        moreSeeds[java.util.Arrays.asList(moreSeeds).indexOf("--seeds") + 1] = "2";
        Run changed = run(new TransferCommand(), moreSeeds);
        assertEquals(1, changed.exit());
        assertEquals("--out " + out + " was made with other options: 'seeds' is 1 there and 2 now; resume with the "
                + "same options or choose another --out", changed.error().getMessage());
        assertEquals(results, Files.readString(out.resolve("results.csv")), "left as it was");

        try (org.histo4j.WriteLock held = org.histo4j.WriteLock.onFolder(out, "test")) {
            Run locked = run(new TransferCommand(), append(args, "--resume"));
            assertEquals(1, locked.exit());
            assertTrue(locked.error().getMessage().startsWith("--out " + out + " is already being written"),
                    locked.error().getMessage());
        }

        Run both = run(new TransferCommand(), append(append(args, "--resume"), "--overwrite"));
        assertEquals(2, both.exit());
        assertTrue(both.err().startsWith("--resume and --overwrite exclude each other"), both.err());
    }

    private static String[] append(String[] args, String option) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(option))
                .toArray(String[]::new);
    }

    @Test
    void aSharedCacheIsReusedByTheNextRun(@TempDir Path tmp) throws IOException {
        Path data = folder(tmp.resolve("data"));
        Path cache = tmp.resolve("cache");
        String[] first = {"evaluate", "--data", data.toString(), "--encoder", "random:nic:3", "--folds", "2",
            "--seeds", "1", "--cache", cache.toString(), "--out", tmp.resolve("one").toString()};
        assertEquals(0, run(new TransferCommand(), first).exit());
        Path file = cache.resolve("random_nic_3__data.h5");
        var written = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);

        String[] second = first.clone();
        second[second.length - 1] = tmp.resolve("two").toString();
        assertEquals(0, run(new TransferCommand(), second).exit());

        assertEquals(written, Files.getLastModifiedTime(file), "a fresh cache is read, not rewritten");
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(Files.readString(tmp.resolve("one/results.csv")), Files.readString(tmp.resolve("two/results.csv")));
    }

    @Test
    void aMissingWeightsFileFailsBeforeTheOutDirIsMade(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("o");
        Run run = run(new TransferCommand(), "evaluate", "--data", folder(tmp.resolve("d")).toString(), "--encoder",
                "nic:" + tmp.resolve("none.h5"), "--out", out.toString());
        assertEquals(1, run.exit());
        assertEquals("NIC Keras weights file not found: " + tmp.resolve("none.h5"), run.error().getMessage());
        assertTrue(Files.notExists(out));
    }

    @Test
    void badEncoderSpecIsBadUsage(@TempDir Path tmp) throws IOException {
        Run run = run(new TransferCommand(), "evaluate", "--data", folder(tmp.resolve("d")).toString(), "--encoder",
                "random:vgg", "--out", tmp.resolve("o").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("--encoder: encoder spec 'random:vgg': unknown architecture 'vgg'"), run.err());
    }

    @Test
    void ckaWritesTheMatrixWithAUnitDiagonal(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("cka");
        Run run = run(new TransferCommand(), "cka", "--data", folder(tmp.resolve("d")).toString(), "--encoder",
                "random:nic:4", "--out", out.toString());
        assertEquals(0, run.exit(), () -> String.valueOf(run.error()));
        List<String> lines = Files.readAllLines(out.resolve("cka-wide.csv"));
        assertEquals("random:nic:4,block1,block2,block3,block4,output", lines.getFirst());
        assertEquals(1.0, Double.parseDouble(lines.get(3).split(",")[3]), 1e-9);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void featuresExtractKeepsTheOrderOfACsvList(@TempDir Path tmp) throws IOException {
        Path data = folder(tmp.resolve("d"));
        List<String> rows = List.of("dark/img3.png,dark,p1", "bright/img0.png,bright,p2", "dark/img0.png,dark,p1",
                "bright/img7.png,bright,p3");
        List<String> csv = new ArrayList<>(List.of("path,label,group"));
        csv.addAll(rows);
        Path list = Files.write(data.resolve("list.csv"), csv);
        Path out = tmp.resolve("f.h5");

        Run run = run(new FeaturesCommand(), "extract", "--data", list.toString(), "--encoder", "random:nic:9",
                "--out", out.toString());

        assertEquals(0, run.exit(), () -> String.valueOf(run.error()));
        try (HdfFile hdf = new HdfFile(out)) {
            String[] paths = (String[]) hdf.getDatasetByPath("paths").getData();
            int[] labels = (int[]) hdf.getDatasetByPath("labels").getData();
            float[][] features = (float[][]) hdf.getDatasetByPath("features").getData();
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(data.resolve(rows.get(i).split(",")[0]).toString(), paths[i]);
            }
            assertArrayEquals(new int[] {1, 0, 1, 0}, labels, "classes are the sorted labels: bright, dark");
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:9"), manager);
                float[] direct = encoder.features(manager,
                        List.of(ImageIO.read(data.resolve("bright/img7.png").toFile()))).toFloatArray();
                assertArrayEquals(direct, features[3], 1e-4f);
            }
        }
        String config = Files.readString(tmp.resolve("f.config.json"));
        assertTrue(config.contains("\"device\" : \"cpu\"") && config.contains("\"encoder\" : \"random:nic:9\""),
                config);
        assertEquals(1, run(new FeaturesCommand(), "extract", "--data", list.toString(), "--encoder", "nic",
                "--out", out.toString()).exit());
    }
}

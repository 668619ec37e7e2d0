package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.train.PretrainedRun;
import org.histo4j.train.PretrainConfig;
import org.histo4j.train.config.LrSchedule;
import org.histo4j.train.config.SamplerKind;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pretrain}: a tiny run, its configuration, and one clear line for bad input. */
class PretrainCommandTest {

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {}

    /** Runs the command with the same one-line failure reporting as the launcher's. */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.configure(new CommandLine(new PretrainCommand()));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("pretrain: " + Main.oneLine(e));
            return e instanceof CommandLine.ParameterException ? Main.EXIT_USAGE : Main.EXIT_FAILED;
        });
        return new Run(line.execute(args), out.toString(), err.toString());
    }

    private static String[] tiny(String truncateAfter, String... more) {
        List<String> args = new ArrayList<>(List.of("--arch", "resnet18", "--truncate-after", truncateAfter,
                "--size", "32", "--tasks", "syn-tissue-types,syn-tumour-vs-normal", "--images-per-class", "100",
                "--steps", "2", "--batch", "8", "--eval-every", "2", "--validation-images", "8", "--lr", "0.05",
                "--head-lr-mult", "10", "--warmup-steps", "1", "--schedule", "cosine", "--workers", "1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void trainsARunAndRecordsItsConfiguration() {
        Path dir = temp.resolve("run");
        Run run = run(tiny("layer1", "--out", dir.toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("syn-tissue-types"), run.out());
        var config = PretrainedRun.readConfig(dir);
        assertEquals("layer1", config.model().truncateAfter());
        assertEquals(10f, config.optimisation().headLrMultiplier());
        assertEquals(1, config.schedule().frozenEncoderSteps());
        assertTrue(Files.isRegularFile(dir.resolve("summary.json")));

        Run again = run(tiny("layer1", "--out", dir.toString()));
        assertEquals(Main.EXIT_FAILED, again.exit());
        assertEquals(1, again.err().lines().count(), "[" + again.err() + "]");
        assertTrue(again.err().contains("already exists"), again.err());

        Run otherArch = run(tiny("layer2", "--out", dir.toString(), "--resume"));
        assertEquals(Main.EXIT_FAILED, otherArch.exit());
        assertTrue(otherArch.err().contains("truncateAfter"), otherArch.err());
    }

    @Test
    void aMissingManifestIsOneClearLine() {
        Run run = run("--arch", "nic", "--steps", "1", "--pool", temp.resolve("nope.json").toString(), "--out",
                temp.resolve("run").toString());
        assertEquals(Main.EXIT_FAILED, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("pool manifest not found: " + temp.resolve("nope.json")), run.err());
    }

    @Test
    void badValuesAreUsageErrorsNamingThem() {
        Run optimizer = run("--arch", "nic", "--steps", "1", "--optimizer", "rmsprop", "--out", "x");
        assertEquals(Main.EXIT_USAGE, optimizer.exit(), optimizer.err());
        assertTrue(optimizer.err().startsWith("Invalid value for option '--optimizer': expected one of [SGD, ADAM]"
                + " (case-insensitive) but was 'rmsprop'"), optimizer.err());
        PretrainCommand command = new PretrainCommand();
        Main.configure(new CommandLine(command)).parseArgs("--arch", "nic", "--steps", "1", "--sampler", "round-robin",
                "--schedule", "COSINE", "--optimizer", "adam", "--out", "x");
        PretrainConfig config = command.config();
        assertEquals(SamplerKind.ROUND_ROBIN, config.data().sampler());
        assertEquals(LrSchedule.COSINE, config.schedule().lrSchedule());
        assertEquals(OptimizerKind.ADAM, config.optimisation().optimizer());
        assertEquals(org.histo4j.model.Devices.auto().toString(), config.device(), "auto, resolved, is recorded");
        Run size = run("--arch", "nic", "--steps", "1", "--size", "96", "--out", "x");
        assertEquals(Main.EXIT_USAGE, size.exit());
        assertTrue(size.err().contains("the nic encoder needs 64"), size.err());
        assertTrue(size.err().contains("--size: 96") && !size.err().contains("optImageSize"), size.err());
    }

    @Test
    void aHugeLearningRateStopsTheRunAtOnceKeepsTheLastGoodCheckpointAndSaysDiverged() throws Exception {
        Path dir = temp.resolve("diverged");
        Run run = run("--arch", "resnet18", "--truncate-after", "layer1", "--size", "32", "--tasks",
                "syn-tissue-types,syn-tumour-vs-normal", "--images-per-class", "100", "--steps", "30", "--batch", "8",
                "--eval-every", "30", "--validation-images", "8", "--lr", "1e9", "--checkpoint-every", "1",
                "--workers", "1", "--out", dir.toString());

        assertEquals(Main.EXIT_FAILED, run.exit(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), "[" + run.err() + "]");
        assertTrue(run.err().contains("training diverged at step "), run.err());
        assertTrue(run.err().contains("lower --lr"), run.err());
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertTrue(summary.get("diverged").asBoolean(), summary.toString());
        assertEquals(false, summary.get("completed").asBoolean());
        long lastFinite = summary.get("steps").asLong();
        assertTrue(lastFinite < 30, summary.toString());
        assertTrue(Files.readString(dir.resolve("metrics.csv")).lines().noneMatch(l -> l.contains("NaN")
                || l.contains("Infinity")), "no non-finite loss is logged");
        Path last = dir.resolve("checkpoints/last/state.json");
        if (lastFinite > 0) {
            var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last.toFile());
            assertTrue(state.get("step").asLong() <= lastFinite, state.toString());
            try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                var loaded = PretrainedRun.load(dir, manager);
                assertTrue(org.histo4j.train.EpochLoop.finite(loaded.encoder().block().getParameters().values()),
                        "the checkpoint kept holds finite parameters");
            }
        }
    }

    @Test
    void tooFewImagesForAValidationSplitIsAWarningAtTheStartNotANaNAtStepMinusOne() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        Run run;
        try {
            run = run("--arch", "resnet18", "--truncate-after", "layer1", "--size", "32", "--tasks",
                    "syn-tissue-types", "--images-per-class", "1", "--steps", "2", "--batch", "4", "--eval-every", "1",
                    "--workers", "1", "--out", temp.resolve("small").toString());
        } finally {
            System.setErr(original);
        }
        String warnings = log.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(0, run.exit(), run.err());
        assertTrue(warnings.contains("task syn-tissue-types has no validation images"), warnings);
        assertTrue(run.out().contains("no validation score"), run.out());
        assertTrue(!run.out().contains("NaN") && !run.out().contains("step -1"), run.out());
    }
}

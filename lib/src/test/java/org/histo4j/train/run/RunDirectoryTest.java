package org.histo4j.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    record Optim(String name, double lr, int steps) {}

    record Config(long seed, Optim optimizer, List<String> tasks) {}

    private static final Config CONFIG = new Config(7, new Optim("sgd", 0.1, 6), List.of("a", "b"));

    @TempDir
    Path tmp;

    /** Writes the step number into parameters/p.txt, standing in for a network's parameters. */
    private static ParameterWriter parameters(long step) {
        return dir -> Files.writeString(dir.resolve("p.txt"), Long.toString(step));
    }

    /** Runs steps from..to, logging a loss per task, checkpointing every 2 steps with the given scores. */
    private static void train(RunDirectory run, long from, long to, double[] scores) {
        for (long step = from; step <= to; step++) {
            run.log(step, "a", "loss", 1.0 / step);
            run.log(step, "b", "loss", 2.0 / step);
            if (step % 2 == 0) {
                run.checkpoint(TrainingState.at(step, Map.of("images", step * 32), Map.of("rng", List.of(step, -step))),
                        scores[(int) step], parameters(step));
            }
        }
    }

    @Test
    void writesConfigMetricsCheckpointsAndSummary() throws IOException {
        Path dir = tmp.resolve("run");
        double[] scores = {0, 0, 0.5, 0, 0.7, 0, 0.6};
        try (RunDirectory run = RunDirectory.create(dir, CONFIG)) {
            train(run, 1, 6, scores);
            run.writeSummary(Map.of("best", 0.7));
        }
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"lr\" : 0.1"));
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("step,task,name,value", rows.get(0));
        assertEquals("3,b,loss,0.6666666666666666", rows.get(6));
        assertEquals(13, rows.size());
        assertEquals("6", Files.readString(dir.resolve("checkpoints/last/parameters/p.txt")));
        assertEquals("4", Files.readString(dir.resolve("checkpoints/best/parameters/p.txt")));
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("0.7"));
        try (var entries = Files.list(dir.resolve("checkpoints"))) {
            assertEquals(List.of("best", "last"), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesAnExistingRunUnlessResuming() throws IOException {
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, CONFIG).close();
        Histo4jException e = assertThrows(Histo4jException.class, () -> RunDirectory.create(dir, CONFIG));
        assertEquals("run directory " + dir + " already exists: pass --resume to continue it or choose another"
                + " directory", e.getMessage());
    }

    @Test
    void refusesToResumeWithAnotherConfigNamingTheKey() throws IOException {
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, CONFIG).close();
        Config other = new Config(7, new Optim("sgd", 0.01, 6), List.of("a", "b"));
        Histo4jException e = assertThrows(Histo4jException.class, () -> RunDirectory.resume(dir, other));
        assertTrue(e.getMessage().contains("'optimizer.lr' is 0.1 there and 0.01 now"), e.getMessage());
        Config moreTasks = new Config(7, new Optim("sgd", 0.1, 6), List.of("a", "b", "c"));
        e = assertThrows(Histo4jException.class, () -> RunDirectory.resume(dir, moreTasks));
        assertTrue(e.getMessage().contains("'tasks[2]' is absent there and \"c\" now"), e.getMessage());
    }

    @Test
    void resumedRunWritesTheSameMetricsAsAnUninterruptedOne() throws IOException {
        double[] scores = {0, 0, 0.5, 0, 0.7, 0, 0.6};
        Path straight = tmp.resolve("straight");
        try (RunDirectory run = RunDirectory.create(straight, CONFIG)) {
            train(run, 1, 6, scores);
        }
        Path crashed = tmp.resolve("crashed");
        try (RunDirectory run = RunDirectory.create(crashed, CONFIG)) {
            train(run, 1, 5, scores); // last checkpoint at 4, step 5 logged, then a crash
        }
        Files.writeString(crashed.resolve("metrics.csv"), "6,a,lo", StandardOpenOption.APPEND); // a torn row
        try (RunDirectory run = RunDirectory.resume(crashed, CONFIG)) {
            TrainingState state = run.restore(CheckpointKind.LAST, dir -> assertEquals("4",
                    Files.readString(dir.resolve("p.txt"))));
            assertEquals(new TrainingState(4, 0.7, 4, Map.of("images", 128L), Map.of("rng", List.of(4L, -4L))),
                    state);
            assertEquals(state, run.resumedState().orElseThrow());
            train(run, state.step() + 1, 6, scores);
        }
        assertEquals(Files.readString(straight.resolve("metrics.csv"), StandardCharsets.UTF_8),
                Files.readString(crashed.resolve("metrics.csv"), StandardCharsets.UTF_8));
        assertEquals("4", Files.readString(crashed.resolve("checkpoints/best/parameters/p.txt")));
    }

    @Test
    void aCrashBetweenTheRenamesKeepsThePreviousCheckpoint() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, CONFIG)) {
            run.checkpoint(TrainingState.at(2, Map.of(), Map.of()), Double.NaN, parameters(2));
        }
        Path last = dir.resolve("checkpoints/last");
        Files.move(last, dir.resolve("checkpoints/.last.old")); // the first rename happened, the second did not
        Files.createDirectories(dir.resolve("checkpoints/.tmp-123/parameters")); // a half-written checkpoint
        try (RunDirectory run = RunDirectory.resume(dir, CONFIG)) {
            assertEquals(2, run.resumedState().orElseThrow().step());
            assertTrue(Double.isNaN(run.resumedState().orElseThrow().bestScore()));
        }
        assertFalse(Files.exists(dir.resolve("checkpoints/.tmp-123")));
        assertEquals("2", Files.readString(last.resolve("parameters/p.txt")));
    }

    @Test
    void resumingWithoutCheckpointDropsAllMetrics() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, CONFIG)) {
            run.log(0, "", "lr", 0.1);
            run.log(1, "a", "loss", 2.0);
        }
        try (RunDirectory run = RunDirectory.resume(dir, CONFIG)) {
            assertTrue(run.resumedState().isEmpty());
        }
        assertEquals(List.of("step,task,name,value"), Files.readAllLines(dir.resolve("metrics.csv")));
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> RunDirectory.resume(tmp.resolve("none"), CONFIG));
        assertTrue(e.getMessage().endsWith("has no config.json: nothing to resume"), e.getMessage());
    }
}

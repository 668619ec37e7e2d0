package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.train.config.LrSchedule;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Whole runs on a tiny synthetic pool: learning, exact resumption, refusals, loading the encoder back. */
class MultiTaskTrainerTest {

    private static final List<String> TASKS = List.of("syn-tissue-types", "syn-tumour-vs-normal");

    @TempDir
    Path temp;

    /** A truncated ResNet-18 at 32 px on two tasks: small enough for a test, big enough to learn. */
    private static PretrainConfig.Builder tiny() {
        return PretrainConfig.builder().setArch("resnet18").optTruncateAfter("layer1").optImageSize(32)
                .optTasks(TASKS).optImagesPerClass(100).optBatchSize(16).optLearningRate(0.05f)
                .optValidationImagesPerTask(24).optSplit(0.2, 0.1).optSeed(7);
    }

    private static PretrainSummary quietly(MultiTaskTrainer.Builder trainer, Path dir, boolean resume) {
        return trainer.optProgress(new PrintStream(new ByteArrayOutputStream())).optWorkers(1).build()
                .train(dir, resume);
    }

    @Test
    void learnsATinyPoolWellAboveChance() {
        PretrainConfig config = tiny().setSteps(60).optEvalEvery(30).optCheckpointEvery(60)
                .optHeadLrMultiplier(5).build();
        PretrainSummary summary = quietly(MultiTaskTrainer.builder(config), temp.resolve("run"), false);
        // chance: 1/6 on six tissue types, 1/2 on tumour vs normal
        assertTrue(summary.validationAccuracy().get("syn-tissue-types") > 0.6, summary.toString());
        assertTrue(summary.validationAccuracy().get("syn-tumour-vs-normal") > 0.75, summary.toString());
        assertTrue(summary.completed());
        assertTrue(Files.isRegularFile(temp.resolve("run/summary.json")));
        Table accuracy = summary.metric("val_accuracy");
        assertEquals(2 * 3, accuracy.rowCount(), "two evaluations x (two tasks + mean)");
    }

    @Test
    void aResumedRunWritesTheSameMetricsAndEndsWithTheSameParameters() throws IOException {
        PretrainConfig config = tiny().setSteps(8).optEvalEvery(2).optCheckpointEvery(3).optFrozenEncoderSteps(2)
                .optHeadLrMultiplier(10).optWeightDecay(1e-4f).optBnAdaptBatches(2).build();
        quietly(MultiTaskTrainer.builder(config), temp.resolve("straight"), false);
        PretrainSummary stopped = quietly(MultiTaskTrainer.builder(config).optStopAfter(4), temp.resolve("resumed"),
                false);
        double recorded = Double.longBitsToDouble(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(temp.resolve("resumed/checkpoints/last/state.json").toFile())
                .get("counters").get("seconds").asLong());
        PretrainSummary resumed = quietly(MultiTaskTrainer.builder(config), temp.resolve("resumed"), true);
        assertTrue(resumed.completed());
        assertSameRun(temp.resolve("straight"), temp.resolve("resumed"));
        assertTrue(recorded > 0 && recorded <= stopped.seconds(), "the checkpoint keeps the first session's time: "
                + recorded + " of " + stopped.seconds());
        assertTrue(resumed.seconds() > recorded, "summary.json's time adds both sessions: " + resumed.seconds());
    }

    @Test
    void adamStateIsRestoredTooWithPcGrad() throws IOException {
        PretrainConfig config = tiny().setSteps(6).optEvalEvery(3).optCheckpointEvery(100)
                .optOptimizer(OptimizerKind.ADAM).optLearningRate(0.001f).optPcGrad(true)
                .optLrSchedule(LrSchedule.COSINE).optLrWarmupSteps(2).build();
        quietly(MultiTaskTrainer.builder(config), temp.resolve("straight"), false);
        quietly(MultiTaskTrainer.builder(config).optStopAfter(2), temp.resolve("resumed"), false);
        quietly(MultiTaskTrainer.builder(config), temp.resolve("resumed"), true);
        assertSameRun(temp.resolve("straight"), temp.resolve("resumed"));
    }

    @Test
    void refusesAnExistingRunDirectoryAndAResumeWithAnotherArchitecture() throws IOException {
        PretrainConfig config = tiny().setSteps(2).optEvalEvery(2).build();
        Path dir = temp.resolve("run");
        quietly(MultiTaskTrainer.builder(config), dir, false);
        Histo4jException exists = assertThrows(Histo4jException.class,
                () -> quietly(MultiTaskTrainer.builder(config), dir, false));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        PretrainConfig other = config.toBuilder().optTruncateAfter("layer2").build();
        Histo4jException arch = assertThrows(Histo4jException.class,
                () -> quietly(MultiTaskTrainer.builder(other), dir, true));
        assertTrue(arch.getMessage().contains("truncateAfter"), arch.getMessage());
    }

    @Test
    void theTrainedEncoderLoadsBackFromTheRunDirectory() throws IOException {
        PretrainConfig config = tiny().setSteps(2).optEvalEvery(2).build();
        Path dir = temp.resolve("run");
        quietly(MultiTaskTrainer.builder(config), dir, false);
        try (NDManager manager = NDManager.newBaseManager(); NDList stored = read(manager,
                dir.resolve("checkpoints/best/parameters/network.npz"))) {
            PretrainedRun run = PretrainedRun.load(dir, manager);
            assertEquals("resnet18@layer1", run.encoder().name());
            assertEquals(config, run.config());
            NDArray conv = run.encoder().namedParameters().get("conv1.weight").getArray();
            assertArrayEquals(stored.get("encoder.conv1.weight").toFloatArray(), conv.toFloatArray(), 0f);
        }
    }

    private static void assertSameRun(Path a, Path b) throws IOException {
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        for (String file : List.of("network.npz", "optimizer.npz")) {
            try (NDManager manager = NDManager.newBaseManager();
                    NDList first = read(manager, a.resolve("checkpoints/last/parameters/" + file));
                    NDList second = read(manager, b.resolve("checkpoints/last/parameters/" + file))) {
                assertEquals(first.size(), second.size(), file);
                assertFalse(first.isEmpty(), file);
                for (NDArray array : first) {
                    NDArray other = second.get(array.getName());
                    assertTrue(other != null && array.contentEquals(other), file + ": " + array.getName());
                }
            }
        }
    }

    private static NDList read(NDManager manager, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        }
    }
}

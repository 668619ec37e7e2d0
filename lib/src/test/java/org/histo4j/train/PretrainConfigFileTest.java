package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.train.config.HeadSpec;
import org.histo4j.train.config.LrSchedule;
import org.histo4j.train.config.SamplerKind;
import org.histo4j.train.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs written before the configuration was split into parts still load and resume. The resources
 * {@code legacy-run/config.json} and {@code metrics.csv} were written by histo4j 7965d4b (the flat configuration)
 * with {@code histo4j pretrain --arch resnet18 --truncate-after layer1 --size 32 --tasks
 * syn-tissue-types,syn-tumour-vs-normal --images-per-class 100 --steps 2 --batch 8 --eval-every 2
 * --checkpoint-every 2 --validation-images 8 --lr 0.05 --head mlp(16) --optimizer adam --momentum 0.8
 * --weight-decay 0.0001 --schedule cosine --lr-warmup-steps 1 --head-lr-mult 5 --no-head-scaling --warmup-steps 1
 * --bn-adapt-batches 1 --sampler round-robin --no-augment --seed 11 --workers 1}: every setting away from its default.
 */
class PretrainConfigFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** The configuration those options describe, set through today's builder. */
    private static PretrainConfig legacyOptions() {
        return PretrainConfig.builder().setArch("resnet18").optTruncateAfter("layer1").optImageSize(32)
                .optTasks(List.of("syn-tissue-types", "syn-tumour-vs-normal")).optImagesPerClass(100).setSteps(2)
                .optBatchSize(8).optEvalEvery(2).optCheckpointEvery(2).optValidationImagesPerTask(8)
                .optLearningRate(0.05f).optHead(HeadSpec.mlp(16)).optOptimizer(OptimizerKind.ADAM).optMomentum(0.8f)
                .optWeightDecay(1e-4f).optLrSchedule(LrSchedule.COSINE).optLrWarmupSteps(1).optHeadLrMultiplier(5)
                .optHeadGradientScaling(false).optFrozenEncoderSteps(1).optBnAdaptBatches(1)
                .optSampler(SamplerKind.ROUND_ROBIN).optAugment(false).optSeed(11).build();
    }

    private Path legacyRun(String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        copy("config.json", dir);
        return dir;
    }

    private static void copy(String resource, Path dir) throws IOException {
        try (InputStream in = PretrainConfigFileTest.class.getResourceAsStream("legacy-run/" + resource)) {
            Files.copy(in, dir.resolve(resource));
        }
    }

    @Test
    void aFlatConfigurationOfAnEarlierVersionReadsIntoTheParts() throws IOException {
        PretrainConfig read = PretrainedRun.readConfig(legacyRun("run"));

        assertEquals(legacyOptions(), read);
        assertEquals(new HeadSpec.Mlp(16), read.model().head());
        assertEquals(1, read.schedule().frozenEncoderSteps(), "the flat 'warmupSteps' froze the encoder");
        assertEquals(1, read.schedule().lrWarmupSteps());
    }

    @Test
    void todaysConfigurationIsNestedAndReadsBackEqual() throws IOException {
        HeadSpec heads = new HeadSpec.Custom(List.of("a(2)", "b(3)"));
        PretrainConfig config = legacyOptions().toBuilder().optHead(heads).build();
        Path dir = Files.createDirectories(temp.resolve("run"));
        JSON.writeValue(dir.resolve("config.json").toFile(), config);

        JsonNode tree = JSON.readTree(dir.resolve("config.json").toFile());
        assertEquals(List.of("data", "model", "optimisation", "schedule", "evaluation", "seed", "device"),
                iterable(tree.fieldNames()));
        assertEquals("custom", tree.at("/model/head/kind").asText());
        assertEquals(1, tree.at("/schedule/frozenEncoderSteps").asInt());
        assertEquals(config, PretrainedRun.readConfig(dir));
        assertEquals(tree, PretrainConfigFile.upgrade(tree), "a nested tree is left as it is");
    }

    @Test
    void aRunOfAnEarlierVersionResumesWithTheSameSettingsAndTrainsTheSameNumbers() throws IOException {
        Path dir = legacyRun("resumed");
        String flat = Files.readString(dir.resolve("config.json"));

        PretrainSummary summary = MultiTaskTrainer.builder(legacyOptions()).optWorkers(1)
                .optProgress(new PrintStream(new ByteArrayOutputStream())).build().train(dir, true);

        assertTrue(summary.completed());
        assertEquals(flat, Files.readString(dir.resolve("config.json")), "the run's own file is left as written");
        Path expected = Files.createDirectories(temp.resolve("expected"));
        copy("metrics.csv", expected);
        List<String> before = Files.readAllLines(expected.resolve("metrics.csv"));
        List<String> after = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(before.size(), after.size(), String.join("\n", after));
        for (int i = 1; i < before.size(); i++) {
            String[] b = before.get(i).split(",");
            String[] a = after.get(i).split(",");
            assertEquals(b[0] + "," + b[1] + "," + b[2], a[0] + "," + a[1] + "," + a[2]);
            double want = Double.parseDouble(b[3]);
            // the same seeds give the same numbers; allow for another thread count's summation order
            assertEquals(want, Double.parseDouble(a[3]), 1e-4 * Math.max(1, Math.abs(want)), before.get(i));
        }
    }

    @Test
    void aRunOfAnEarlierVersionRefusesAnotherConfigurationNamingTheSetting() throws IOException {
        Path dir = legacyRun("other");
        PretrainConfig other = legacyOptions().toBuilder().optFrozenEncoderSteps(2).build();

        Histo4jException e = assertThrows(Histo4jException.class, () -> MultiTaskTrainer.builder(other)
                .optProgress(new PrintStream(new ByteArrayOutputStream())).build().train(dir, true));

        assertTrue(e.getMessage().contains("'schedule.frozenEncoderSteps' is 1 there and 2 now"), e.getMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}

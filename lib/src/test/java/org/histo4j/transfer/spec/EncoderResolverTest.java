package org.histo4j.transfer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.weights.KerasNicWeights;
import org.histo4j.model.weights.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderResolverTest {

    private static final Path NIC = Fixtures.path("weights/nic-encoder-multitask-4.h5");

    @Test
    void randomWeightsFollowTheSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderResolver resolver = EncoderResolver.defaults();
            String a = Weights.digest(resolver.create(EncoderSpec.parse("random:nic:3"), manager).namedParameters());
            String b = Weights.digest(resolver.create(EncoderSpec.parse("random:nic:3"), manager).namedParameters());
            String c = Weights.digest(resolver.create(EncoderSpec.parse("random:nic:4"), manager).namedParameters());
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Test
    void nicLoadsTheKerasFileAndCutsAfterABlock() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderResolver resolver = EncoderResolver.builder().optNicWeights(NIC).build();
            Encoder expected = Encoders.create("nic").initialize(manager);
            KerasNicWeights.load(expected, NIC);

            Encoder whole = resolver.create(EncoderSpec.parse("nic"), manager);
            Encoder cut = resolver.create(EncoderSpec.parse("nic@block2"), manager);

            assertEquals(Weights.digest(expected.namedParameters()), Weights.digest(whole.namedParameters()));
            assertEquals("nic@block2", cut.name());
            assertEquals(128, cut.featureWidth());
            // 2 blocks x (convolution weight and bias + batch-norm weight, bias, running mean and variance)
            assertEquals(12, cut.namedParameters().size());
            assertTrue(cut.namedParameters().keySet().stream().allMatch(n -> n.matches("(conv|bn)[12]\\..*")),
                    cut.namedParameters().keySet().toString());
        }
    }

    @Test
    void runSpecsGoThroughTheLoaderAndFailClearlyWithoutOne(@TempDir Path run) {
        try (NDManager manager = NDManager.newBaseManager()) {
            AtomicReference<Path> asked = new AtomicReference<>();
            Encoder made = Encoders.create("resnet18").initialize(manager);
            EncoderResolver resolver = EncoderResolver.builder().optRunLoader((dir, m) -> {
                asked.set(dir);
                return made;
            }).build();

            assertSame(made, resolver.create(EncoderSpec.parse("run:" + run), manager));
            assertEquals(run, asked.get());
            assertEquals("resnet18@layer3", resolver.create(EncoderSpec.parse("run:" + run + "@block3"), manager)
                    .name());
            Histo4jException none = assertThrows(Histo4jException.class, () -> EncoderResolver.defaults()
                    .create(EncoderSpec.parse("run:" + run), manager));
            // by default run: specs are histo4j's own pre-training runs, so a folder without config.json is refused
            assertEquals("not a pre-training run directory (no config.json): " + run, none.getMessage());
            Histo4jException missing = assertThrows(Histo4jException.class, () -> resolver.create(
                    EncoderSpec.parse("run:" + run.resolve("nope")), manager));
            assertEquals("run directory not found: " + run.resolve("nope"), missing.getMessage());
            Histo4jException script = assertThrows(Histo4jException.class, () -> resolver.create(
                    EncoderSpec.parse("torchscript:" + run.resolve("x.pt")), manager));
            assertTrue(script.getMessage().startsWith("TorchScript file not found"), script.getMessage());
        }
    }
}

package org.histo4j.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL's own parameter files: block streams and Model.save files, with a shape check DJL itself lacks. */
class DjlParametersTest {

    @TempDir
    Path dir;

    @Test
    void roundTripGivesSameFeaturesAndGradientsStayOn() {
        Path file = dir.resolve("nic.params");
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder source = Encoders.create("nic").initialize(manager);
            Encoder target = Encoders.create("nic").initialize(manager);
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 3, 64, 64));
            DjlParameters.save(source, file);
            DjlParameters.load(target, file);
            assertArrayEquals(source.features(images).toFloatArray(), target.features(images).toFloatArray(), 1e-6f);
            assertTrue(target.namedParameters().get("conv1.weight").getArray().hasGradient());
            assertFalse(target.namedParameters().get("bn1.running_mean").requiresGradient());
        }
    }

    @Test
    void readsModelSaveFiles() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("tiny")) {
            Encoder source = TinyEncoders.create(4, 3);
            model.setBlock(source.block());
            source.initialize(model.getNDManager());
            model.save(dir, "tiny");
            Path file;
            try (var files = Files.list(dir)) {
                file = files.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
            }
            Encoder target = TinyEncoders.create(4, 3).initialize(manager);
            DjlParameters.load(target, file);
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 3, 8, 8));
            assertArrayEquals(source.features(images).toFloatArray(), target.features(images).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void misfitIsRefusedAndPreviousWeightsKept() {
        Path file = dir.resolve("eight.params");
        try (NDManager manager = NDManager.newBaseManager()) {
            DjlParameters.save(TinyEncoders.create(8, 3).initialize(manager), file);
            Encoder four = TinyEncoders.create(4, 3).initialize(manager);
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 3, 8, 8));
            float[] before = four.features(images).toFloatArray();
            Histo4jException e = assertThrows(Histo4jException.class, () -> DjlParameters.load(four, file));
            assertTrue(e.getMessage().contains("conv.weight has shape (8, 3, 3, 3) in the file but (4, 3, 3, 3)"),
                    e.getMessage());
            assertArrayEquals(before, four.features(images).toFloatArray(), 1e-6f);
            assertTrue(four.namedParameters().get("conv.weight").getArray().hasGradient());
        }
    }
}

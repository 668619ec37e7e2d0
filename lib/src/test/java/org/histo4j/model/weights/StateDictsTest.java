package org.histo4j.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npz state dicts by PyTorch name: round trip, ignored extras, truncation, refusal of a misfit. */
class StateDictsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripGivesSameFeatures() {
        Path file = dir.resolve("nic.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder source = Encoders.create("nic").initialize(manager);
            Encoder target = Encoders.create("nic").initialize(manager);
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 3, 64, 64));
            StateDicts.save(source, file);
            assertFalse(source.features(images).allClose(target.features(images)));
            assertFalse(Weights.digest(source.namedParameters()).equals(Weights.digest(target.namedParameters())));
            assertEquals(List.of(), StateDicts.load(target, file));
            assertEquals(Weights.digest(source.namedParameters()), Weights.digest(target.namedParameters()));
            assertArrayEquals(source.features(images).toFloatArray(), target.features(images).toFloatArray(), 1e-6f);
            NDList read = StateDicts.read(manager, file);
            assertEquals(List.copyOf(source.namedParameters().keySet()),
                    read.stream().map(NDArray::getName).toList());
        }
    }

    @Test
    void extraEntriesAndLaterBlocksAreIgnored() throws Exception {
        Path file = dir.resolve("layer1.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder layer1 = Encoders.create("resnet18", "layer1").initialize(manager);
            NDList list = new NDList();
            layer1.namedParameters().forEach((name, parameter) -> {
                NDArray copy = parameter.getArray().duplicate();
                copy.setName(name);
                list.add(copy);
            });
            NDArray tracked = manager.create(7L);
            tracked.setName("bn1.num_batches_tracked");
            list.add(tracked);
            try (OutputStream out = Files.newOutputStream(file)) {
                list.encode(out, NDList.Encoding.NPZ);
            }
            Encoder stem = Encoders.create("resnet18", "stem").initialize(manager);
            List<String> ignored = StateDicts.load(stem, file);
            assertTrue(ignored.contains("bn1.num_batches_tracked"));
            assertTrue(ignored.contains("layer1.1.bn2.running_var"));
            assertEquals(layer1.namedParameters().size() + 1 - stem.namedParameters().size(), ignored.size());
            assertTrue(stem.namedParameters().get("bn1.running_var").getArray()
                    .contentEquals(layer1.namedParameters().get("bn1.running_var").getArray()));
        }
    }

    @Test
    void misfitIsRefusedNamingParameterAndShapes() {
        Path file = dir.resolve("tiny.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder tenClasses = TinyEncoders.create(4, 10).initialize(manager);
            StateDicts.save(tenClasses, file);
            Encoder threeClasses = TinyEncoders.create(4, 3).initialize(manager);
            float[] before = threeClasses.namedParameters().get("conv.weight").getArray().toFloatArray();
            Histo4jException e = assertThrows(Histo4jException.class, () -> StateDicts.load(threeClasses, file));
            assertTrue(e.getMessage().contains("fc.weight has shape (10, 4) in the file but (3, 4)"), e.getMessage());
            assertArrayEquals(before, threeClasses.namedParameters().get("conv.weight").getArray().toFloatArray());
        }
    }

    @Test
    void missingAndPickledFilesAreClearErrors() {
        Encoder tiny = TinyEncoders.create(4, 3);
        Histo4jException missing = assertThrows(Histo4jException.class,
                () -> StateDicts.load(tiny, dir.resolve("absent.npz")));
        assertTrue(missing.getMessage().contains("absent.npz"));
        Histo4jException pickle = assertThrows(Histo4jException.class,
                () -> StateDicts.read(null, writeEmpty("model.pt")));
        assertTrue(pickle.getMessage().contains(".npz"));
    }

    private Path writeEmpty(String name) {
        try {
            return Files.write(dir.resolve(name), new byte[] {1});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

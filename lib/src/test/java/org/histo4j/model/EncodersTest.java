package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.histo4j.data.image.Normalization;
import org.junit.jupiter.api.Test;

/** Parameter counts and names against torchvision's, truncation widths, output shapes. */
class EncodersTest {

    private static long trainable(Encoder encoder) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return encoder.initialize(manager).trainableParameterCount();
        }
    }

    private static long trainableWithFc(String architecture) {
        return trainable(Encoders.builder().setArchitecture(architecture).optClassifier(1000).build());
    }

    @Test
    void resnetCountsEqualTorchvision() {
        assertEquals(11_176_512L, trainable(Encoders.create("resnet18")));
        assertEquals(11_689_512L, trainableWithFc("resnet18"));
        assertEquals(21_284_672L, trainable(Encoders.create("resnet34")));
        assertEquals(21_797_672L, trainableWithFc("resnet34"));
        assertEquals(23_508_032L, trainable(Encoders.create("resnet50")));
        assertEquals(25_557_032L, trainableWithFc("resnet50"));
    }

    @Test
    void densenetCountsEqualTorchvision() {
        assertEquals(6_953_856L, trainable(Encoders.create("densenet121")));
        assertEquals(7_978_856L, trainableWithFc("densenet121"));
    }

    @Test
    void namesFollowTorchvision() {
        Encoder resnet = Encoders.create("resnet50");
        List<String> names = List.copyOf(resnet.namedParameters().keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "layer1.0.conv1.weight"), names.subList(0, 6));
        assertTrue(names.contains("layer2.0.downsample.0.weight"));
        assertTrue(names.contains("layer4.2.bn3.running_var"));
        // torchvision resnet50 state dict: 320 entries of which 53 num_batches_tracked and 2 fc
        assertEquals(320 - 53 - 2, names.size());
        Encoder densenet = Encoders.create("densenet121");
        assertTrue(densenet.namedParameters().containsKey("features.denseblock1.denselayer1.norm1.running_mean"));
        assertTrue(densenet.namedParameters().containsKey("features.transition3.conv.weight"));
        assertTrue(densenet.namedParameters().containsKey("features.norm5.bias"));
        // torchvision densenet121: 121 batch norms x 5 + 120 convs + 2 classifier = 727 entries
        assertEquals(727 - 121 - 2, densenet.namedParameters().size());
    }

    @Test
    void truncationReportsWidthAndPools() {
        assertEquals(256, Encoders.create("resnet18", "layer3").featureWidth());
        assertEquals(1024, Encoders.create("resnet50", "layer3").featureWidth());
        assertEquals(64, Encoders.create("resnet50", "stem").featureWidth());
        assertEquals(512, Encoders.create("densenet121", "denseblock2").featureWidth());
        assertEquals(256, Encoders.create("densenet121", "transition2").featureWidth());
        assertEquals("resnet18", Encoders.create("resnet18", "layer4").name());
        assertEquals("densenet121@transition1", Encoders.create("densenet121", "transition1").name());
        for (String point : Encoders.truncationPoints("densenet121")) {
            Encoder encoder = Encoders.create("densenet121", point);
            assertEquals(List.of(2L, (long) encoder.featureWidth()), forwardShape(encoder, 32), point);
        }
        assertEquals(List.of(2L, 512L), forwardShape(Encoders.create("resnet50", "layer2"), 32));
        assertThrows(IllegalArgumentException.class, () -> Encoders.create("resnet18", "denseblock1"));
        assertThrows(IllegalArgumentException.class, () -> Encoders.create("nic", "conv2"));
    }

    @Test
    void nicShapes() {
        Encoder nic = Encoders.create("nic");
        assertEquals(Normalization.MINUS_ONE_TO_ONE, nic.normalization());
        assertEquals(List.of(2L, 128L), forwardShape(nic, 64));
        // 4 convs (3*3*3*128+128, then 3 x (3*3*128*128+128)), 4 BN x 256 trainable, dense 1152*128+128
        long expected = (3 * 3 * 3 * 128 + 128) + 3L * (3 * 3 * 128 * 128 + 128) + 4 * 256 + 1152 * 128 + 128;
        assertEquals(expected, trainable(Encoders.create("nic")));
    }

    @Test
    void normalizationFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.full(new Shape(1, 3, 1, 1), 0.25f);
            assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f},
                    Normalization.MINUS_ONE_TO_ONE.apply(images).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {(0.25f - 0.485f) / 0.229f, (0.25f - 0.456f) / 0.224f,
                (0.25f - 0.406f) / 0.225f}, Normalization.IMAGENET.apply(images).toFloatArray(), 1e-6f);
        }
    }

    private static List<Long> forwardShape(Encoder encoder, int size) {
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 3, size, size));
            long[] shape = encoder.features(images).getShape().getShape();
            return List.of(shape[0], shape[1]);
        }
    }
}

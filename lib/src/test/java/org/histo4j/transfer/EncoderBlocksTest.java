package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;

class EncoderBlocksTest {

    private static final ColourSource SOURCE = new ColourSource(12, 4, 64);

    @Test
    void pointsOfBuiltInArchitecturesAndBlockNumbers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderBlocks resnet = EncoderBlocks.of(Encoders.create("resnet18").initialize(manager));
            assertEquals(List.of("stem", "layer1", "layer2", "layer3", "layer4"), resnet.points());
            assertEquals("layer2", resnet.resolve("block2"));
            Encoder cut = resnet.truncate("block2");
            assertEquals("resnet18@layer2", cut.name());
            assertEquals(128, cut.featureWidth());
            assertEquals(Encoders.create("resnet18", "layer2").namedParameters().keySet(),
                    cut.namedParameters().keySet());
            EncoderBlocks nic = EncoderBlocks.of(Encoders.create("nic").initialize(manager));
            assertEquals(List.of("block1", "block2", "block3", "block4", "output"), nic.points());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nic.resolve("layer3"));
            assertTrue(e.getMessage().contains("no block 'layer3'"), e.getMessage());
        }
    }

    @Test
    void activationsAfterEachPointEqualTheCutEncodersFeatures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderBlocks nic = EncoderBlocks.of(Encoders.create("nic").initialize(manager));
            EncoderBlocks.LayerActivations activations = nic.activations(SOURCE, 5, n -> { });
            for (String point : List.of("block2", "output")) {
                Encoder cut = nic.truncate(point);
                float[] direct = cut.features(manager, List.of(SOURCE.read(7))).toFloatArray();
                assertArrayEquals(direct, activations.layers().get(nic.points().indexOf(point))[7], 1e-4f, point);
            }
            assertEquals(128, activations.layers().get(0)[0].length);
        }
    }

    @Test
    void ckaOfAnEncoderWithItselfHasAUnitDiagonal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderBlocks nic = EncoderBlocks.of(Encoders.create("nic").initialize(manager));
            RepresentationAnalysis.CkaMatrix cka = RepresentationAnalysis.cka(nic, nic, SOURCE, 8);
            assertEquals(5, cka.values().length);
            for (int i = 0; i < 5; i++) {
                assertEquals(1.0, cka.values()[i][i], 1e-9);
                for (int j = 0; j < 5; j++) {
                    assertEquals(cka.values()[i][j], cka.values()[j][i], 1e-9, "symmetric");
                }
            }
            assertEquals(25, cka.table().rowCount());
            assertTrue(cka.heatmap().asJavascript("cka").contains("heatmap"));
        }
    }
}

package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyTorch names and torchvision batch-norm behaviour of the layers TorchLayers makes. */
class TorchLayersTest {

    @Test
    void batchNormNamesAndTorchMomentum() {
        TorchLayers layers = new TorchLayers();
        BatchNorm norm = layers.batchNorm("bn");
        assertEquals(List.of("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
                List.copyOf(layers.parameters().keySet()));
        try (NDManager manager = NDManager.newBaseManager()) {
            norm.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 1, 2));
            // channel values 1, 3, 5, 7: batch mean 4, unbiased variance 20/3
            NDList x = new NDList(manager.create(new float[] {1, 3, 5, 7}, new Shape(2, 1, 1, 2)));
            norm.forward(new ParameterStore(manager, false), x, true);
            // torchvision: running = 0.9 * running + 0.1 * batch statistic (unbiased variance)
            assertArrayEquals(new float[] {0.4f}, layers.parameters().get("bn.running_mean").getArray().toFloatArray(),
                    1e-6f);
            assertArrayEquals(new float[] {0.9f + 0.1f * 20f / 3f},
                    layers.parameters().get("bn.running_var").getArray().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void duplicateNamesAreRefused() {
        TorchLayers layers = new TorchLayers();
        layers.conv("conv", 4, 3, 1, 1, false);
        assertThrows(IllegalArgumentException.class, () -> layers.conv("conv", 4, 3, 1, 1, false));
    }
}

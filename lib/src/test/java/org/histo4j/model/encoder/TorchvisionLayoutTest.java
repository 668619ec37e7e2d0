package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ResNet-18/50 and DenseNet-121 against features computed by PyTorch (make_torchvision_reference.py beside
 * torchvision-reference.txt) with the same formula weights filled in state-dict order: equal features mean the
 * layers, their order, strides, paddings, pooling and PyTorch names all match.
 */
class TorchvisionLayoutTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50", "densenet121"})
    void featuresEqualPyTorch(String architecture) throws IOException {
        float[] expected = reference().get(architecture);
        Encoder encoder = Encoders.create(architecture);
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.initialize(manager);
            int j = 0;
            for (Map.Entry<String, Parameter> entry : encoder.namedParameters().entrySet()) {
                NDArray array = entry.getValue().getArray();
                array.set(formula(entry.getKey(), array.getShape(), j++));
            }
            float[] image = new float[3 * 64 * 64];
            for (int k = 0; k < image.length; k++) {
                image[k] = (float) Math.sin(0.1 * k);
            }
            NDArray input = manager.create(image, new Shape(1, 3, 64, 64));
            float[] actual = encoder.block().forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), architecture + " feature " + i);
            }
        }
    }

    /** The tracing script's formula for state-dict entry {@code j}. */
    private static float[] formula(String name, Shape shape, int j) {
        int n = Math.toIntExact(shape.size());
        float[] values = new float[n];
        double fanIn = (double) n / shape.get(0);
        for (int i = 0; i < n; i++) {
            double s = Math.sin(0.7 * (((long) i * i) % 1009) + j);
            double v;
            if (name.endsWith("running_var")) {
                v = 1 + 0.5 * s;
            } else if (name.endsWith("running_mean") || name.endsWith("bias")) {
                v = 0.1 * s;
            } else if (shape.dimension() == 1) {
                v = 1 + 0.1 * s;
            } else {
                v = s * Math.sqrt(2.0 / fanIn);
            }
            values[i] = (float) v;
        }
        return values;
    }

    private static Map<String, float[]> reference() throws IOException {
        Map<String, float[]> features = new HashMap<>();
        try (InputStream in = TorchvisionLayoutTest.class.getResourceAsStream("torchvision-reference.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split(" ");
                float[] values = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    values[i - 1] = Float.parseFloat(parts[i]);
                }
                features.put(parts[0], values);
            }
        }
        return features;
    }
}

package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.histo4j.Histo4jException;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.MultiTaskOutput;
import org.histo4j.data.image.Normalization;
import org.junit.jupiter.api.Test;

/**
 * Loads tiny-encoder.pt (traced by make_tiny_torchscript.py beside it, weights by closed formulas) and checks
 * its outputs against the same network computed by hand here.
 */
class TorchScriptEncoderTest {

    private static Path fixture() throws URISyntaxException {
        return Path.of(TorchScriptEncoderTest.class.getResource("tiny-encoder.pt").toURI());
    }

    @Test
    void outputsEqualHandComputation() throws Exception {
        try (TorchScriptEncoder encoder = TorchScriptEncoder.builder().setPath(fixture()).setInputSize(8)
                .optNormalization(Normalization.MINUS_ONE_TO_ONE).build()) {
            assertEquals("tiny-encoder", encoder.name());
            assertEquals(3, encoder.featureWidth());
            assertTrue(encoder.namedParameters().containsKey("conv.weight"), encoder.namedParameters().keySet()
                    .toString());
            assertEquals(4 * 27 + 4 + 12 + 3, encoder.trainableParameterCount());
            float[] x = new float[2 * 3 * 8 * 8];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 11) / 10f - 0.5f;
            }
            NDArray input = encoder.manager().create(x, new Shape(2, 3, 8, 8));
            NDArray out = encoder.block().forward(new ParameterStore(encoder.manager(), false), new NDList(input),
                    false).singletonOrThrow();
            float[] actual = out.toFloatArray();
            for (int n = 0; n < 2; n++) {
                double[] expected = byHand(x, n);
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected[k], actual[n * 3 + k], 1e-5, "sample " + n + " output " + k);
                }
            }
        }
    }

    @Test
    void servesAsSharedEncoderOfMultiTaskNetwork() throws Exception {
        try (TorchScriptEncoder encoder = TorchScriptEncoder.builder().setPath(fixture()).setInputSize(8).build()) {
            MultiTaskNetwork network = MultiTaskNetwork.linear(encoder, 2, 5).initialize(encoder.manager());
            NDArray images = encoder.manager().randomNormal(new Shape(3, 3, 8, 8));
            MultiTaskOutput out = network.forward(new ParameterStore(encoder.manager(), false), images,
                    encoder.manager().create(new long[] {1, 1, 0}), false);
            assertEquals(new Shape(1, 2), out.logits().get(0).getShape());
            assertEquals(new Shape(2, 5), out.logits().get(1).getShape());
        }
    }

    @Test
    void missingFileIsClearError() {
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> TorchScriptEncoder.builder().setPath(Path.of("no-such.pt")).setInputSize(8).build());
        assertTrue(e.getMessage().contains("no-such.pt"));
    }

    /** fc(mean over h, w of relu(conv3x3 pad 1 (x))) with the formula weights of the tracing script. */
    private static double[] byHand(float[] x, int n) {
        double[] pooled = new double[4];
        for (int o = 0; o < 4; o++) {
            double total = 0;
            for (int h = 0; h < 8; h++) {
                for (int w = 0; w < 8; w++) {
                    double sum = o / 10.0;
                    for (int c = 0; c < 3; c++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int hh = h + i - 1;
                                int ww = w + j - 1;
                                if (hh >= 0 && hh < 8 && ww >= 0 && ww < 8) {
                                    double weight = (((o * 27 + c * 9 + i * 3 + j) % 7) - 3) / 10.0;
                                    sum += weight * x[((n * 3 + c) * 8 + hh) * 8 + ww];
                                }
                            }
                        }
                    }
                    total += Math.max(0, sum);
                }
            }
            pooled[o] = total / 64;
        }
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            out[k] = k / 10.0;
            for (int o = 0; o < 4; o++) {
                out[k] += (k - o) / 4.0 * pooled[o];
            }
        }
        return out;
    }
}

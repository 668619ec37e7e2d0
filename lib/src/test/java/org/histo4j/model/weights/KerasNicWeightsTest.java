package org.histo4j.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.Random;
import org.histo4j.Fixtures;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;

/**
 * The NIC encoder with the published Keras weights against a plain-Java forward pass written here from the raw
 * HDF5 arrays in Keras's own layout (channels last, kernels (kh, kw, in, out), flatten H, W, C).
 */
class KerasNicWeightsTest {

    private static final Path FILE = Fixtures.path("weights/nic-encoder-multitask-4.h5");

    @Test
    void featuresEqualPlainJavaForward() throws Exception {
        int n = 3;
        float[] images = new float[n * 3 * 64 * 64];
        Random random = new Random(20261123);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        Encoder nic = Encoders.create("nic");
        try (NDManager manager = NDManager.newBaseManager()) {
            nic.initialize(manager);
            KerasNicWeights.load(nic, FILE);
            NDArray features = nic.features(manager.create(images, new Shape(n, 3, 64, 64)));
            float[] actual = features.toFloatArray();
            try (HdfFile hdf = new HdfFile(FILE)) {
                for (int s = 0; s < n; s++) {
                    float[] expected = plainForward(hdf, images, s);
                    for (int j = 0; j < 128; j++) {
                        assertEquals(expected[j], actual[s * 128 + j], 1e-4, "sample " + s + " feature " + j);
                    }
                }
            }
        }
    }

    @Test
    void refusesAnotherArchitecture() {
        Encoder resnet = Encoders.create("resnet18");
        try (NDManager manager = NDManager.newBaseManager()) {
            resnet.initialize(manager);
            Histo4jException e = assertThrows(Histo4jException.class, () -> KerasNicWeights.load(resnet, FILE));
            assertTrue(e.getMessage().contains("conv1.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("(64, 3, 7, 7)"), e.getMessage());
            assertTrue(e.getMessage().contains("(128, 3, 3, 3)"), e.getMessage());
        }
    }

    /** Keras semantics, channels last: x in [0,1] scaled to [-1,1], 4 x (conv valid s2, leaky 0.2, BN), dense. */
    private static float[] plainForward(HdfFile hdf, float[] images, int sample) {
        int size = 64;
        int channels = 3;
        double[] x = new double[size * size * channels];
        for (int h = 0; h < size; h++) {
            for (int w = 0; w < size; w++) {
                for (int c = 0; c < channels; c++) {
                    double v = images[((sample * 3 + c) * size + h) * size + w];
                    x[(h * size + w) * channels + c] = v * 2 - 1;
                }
            }
        }
        for (int k = 1; k <= 4; k++) {
            String conv = "/model_weights/conv2d_" + k + "/conv2d_" + k + "/";
            float[] kernel = read(hdf, conv + "kernel:0");
            float[] bias = read(hdf, conv + "bias:0");
            int out = (size - 3) / 2 + 1;
            double[] y = new double[out * out * 128];
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    for (int o = 0; o < 128; o++) {
                        double sum = bias[o];
                        for (int di = 0; di < 3; di++) {
                            for (int dj = 0; dj < 3; dj++) {
                                for (int c = 0; c < channels; c++) {
                                    sum += x[((2 * i + di) * size + 2 * j + dj) * channels + c]
                                            * kernel[((di * 3 + dj) * channels + c) * 128 + o];
                                }
                            }
                        }
                        double leaky = sum > 0 ? sum : 0.2 * sum;
                        y[(i * out + j) * 128 + o] = leaky;
                    }
                }
            }
            String bn = "/model_weights/batch_normalization_" + k + "/batch_normalization_" + k + "/";
            float[] gamma = read(hdf, bn + "gamma:0");
            float[] beta = read(hdf, bn + "beta:0");
            float[] mean = read(hdf, bn + "moving_mean:0");
            float[] var = read(hdf, bn + "moving_variance:0");
            for (int p = 0; p < out * out; p++) {
                for (int o = 0; o < 128; o++) {
                    int idx = p * 128 + o;
                    y[idx] = gamma[o] * (y[idx] - mean[o]) / Math.sqrt(var[o] + 1e-3) + beta[o];
                }
            }
            x = y;
            size = out;
            channels = 128;
        }
        float[] kernel = read(hdf, "/model_weights/encoded/encoded/kernel:0");
        float[] bias = read(hdf, "/model_weights/encoded/encoded/bias:0");
        float[] result = new float[128];
        for (int o = 0; o < 128; o++) {
            double sum = bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * kernel[i * 128 + o];
            }
            result[o] = (float) sum;
        }
        return result;
    }

    private static float[] read(HdfFile hdf, String path) {
        return (float[]) ((Dataset) hdf.getByPath(path)).getDataFlat();
    }
}

package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The inference copies: channels-last kernels on the CPU give the plain forward's features, other parameters pass through. */
class InferenceParametersTest {

    /** libtorch's {@code is_contiguous()} (NCHW order), which DJL keeps package-private. */
    private static boolean isContiguous(NDArray array) throws ReflectiveOperationException {
        Class<?> library = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field lib = library.getDeclaredField("LIB");
        lib.setAccessible(true);
        Method method = library.getDeclaredMethod("torchIsContiguous", long.class);
        method.setAccessible(true);
        return (boolean) method.invoke(lib.get(null), ((PtNDArray) array).getHandle());
    }

    @Test
    void channelsLastKeepsValuesAndChangesTheLayout() throws ReflectiveOperationException {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray kernel = manager.arange(2 * 3 * 2 * 2f).reshape(2, 3, 2, 2);
            NDArray relaid = InferenceParameters.channelsLast(kernel);
            assertEquals(new Shape(2, 3, 2, 2), relaid.getShape());
            assertArrayEquals(kernel.toFloatArray(), relaid.toFloatArray());
            assertTrue(isContiguous(kernel));
            assertFalse(isContiguous(relaid), "a channels-last tensor is not contiguous in NCHW order");
            // in NHWC order the three channels of one position are neighbours in memory: 0, 4, 8 for position 0
            assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9}, relaid.transpose(0, 2, 3, 1).flatten().get("0:6")
                    .toFloatArray());
        }
    }

    @Test
    void encoderFeaturesEqualThePlainForward() throws ReflectiveOperationException {
        for (String architecture : new String[] {"resnet18", "nic"}) {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                    Encoder encoder = Encoders.create(architecture).initialize(manager);
                    InferenceParameters weights = new InferenceParameters(manager, Precision.FP32)) {
                NDArray images = manager.randomNormal(new Shape(4, 3, 64, 64));
                float[] plain = encoder.encode(images, new ParameterStore(manager, false)).toFloatArray();
                float[] relaid = encoder.encode(images, weights).toFloatArray();
                float scale = 0;
                for (float value : plain) {
                    scale = Math.max(scale, Math.abs(value));
                }
                assertArrayEquals(plain, relaid, 1e-5f * Math.max(1f, scale), architecture);
                Parameter kernel = encoder.namedParameters().values().stream()
                        .filter(p -> p.getArray().getShape().dimension() == 4).findFirst().orElseThrow();
                assertFalse(isContiguous(weights.getValue(kernel, Device.cpu(), false)), architecture);
                Parameter vector = encoder.namedParameters().values().stream()
                        .filter(p -> p.getArray().getShape().dimension() == 1).findFirst().orElseThrow();
                assertSame(vector.getArray(), weights.getValue(vector, Device.cpu(), false),
                        "a bias or batch-norm vector is used as it is");
            }
        }
    }
}

package org.histo4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.weights.Weights;
import org.junit.jupiter.api.Test;

/** The channels-last layout: values kept, memory order changed, kept through loading weights. */
public class ChannelsLastTest {

    /**
     * Whether the array's memory is in its logical (contiguous) order: only then is {@code toByteBuffer(true)} a view
     * of that memory, so a value written into the buffer shows in the array.
     */
    public static boolean isContiguous(NDArray array) {
        float first = array.toFloatArray()[0];
        ByteBuffer buffer = array.toByteBuffer(true);
        buffer.putFloat(0, first + 1);
        boolean shared = array.toFloatArray()[0] != first;
        buffer.putFloat(0, first);
        return shared;
    }

    @Test
    void keepsShapeAndValuesAndChangesTheMemoryOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(2 * 3 * 4 * 5f).reshape(2, 3, 4, 5);

            NDArray y = ChannelsLast.of(x);

            assertEquals(new Shape(2, 3, 4, 5), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
            assertEquals(1 * 60 + 2 * 20 + 3 * 5 + 4, y.getFloat(1, 2, 3, 4), 0f);
            assertTrue(isContiguous(x));
            assertFalse(isContiguous(y));
            NDArray matrix = manager.ones(new Shape(2, 3));
            assertSame(matrix, ChannelsLast.of(matrix), "only 4-D arrays change");
        }
    }

    @Test
    void builtInConvolutionWeightsAreChannelsLastAndStaySoWhenWeightsAreLoaded() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder nic = Encoders.create("nic").initialize(manager);
            Map<String, NDArray> values = new LinkedHashMap<>();
            nic.namedParameters().forEach((name, p) -> values.put(name,
                    manager.randomNormal(p.getArray().getShape())));
            Parameter conv = nic.namedParameters().get("conv2.weight");
            assertFalse(isContiguous(conv.getArray()));
            assertTrue(isContiguous(nic.namedParameters().get("encoded.weight").getArray()), "2-D weights unchanged");

            Weights.assign(nic.namedParameters(), values, "test");

            assertFalse(isContiguous(conv.getArray()), "loading copies into the channels-last memory");
            assertArrayEquals(values.get("conv2.weight").toFloatArray(), conv.getArray().toFloatArray(), 0f);
            assertArrayEquals(values.get("bn2.running_var").toFloatArray(),
                    nic.namedParameters().get("bn2.running_var").getArray().toFloatArray(), 0f);
        }
    }
}

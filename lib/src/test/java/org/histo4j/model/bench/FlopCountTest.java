package org.histo4j.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.histo4j.model.Encoders;
import org.histo4j.model.TaskHead;
import org.junit.jupiter.api.Test;

/** FLOP counts against hand computations (2 x multiply-adds of convolutions and linear layers). */
class FlopCountTest {

    private static long count(String architecture, int size, boolean head) {
        SequentialBlock net = new SequentialBlock().add(Encoders.create(architecture).block());
        if (head) {
            net.add(TaskHead.linear(1000).block());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            return FlopCount.forwardPerImage(net);
        }
    }

    /** Multiply-adds of a k x k convolution from cin to cout channels producing an out x out map. */
    private static long conv(int k, int cin, int cout, int out) {
        return (long) k * k * cin * cout * out * out;
    }

    @Test
    void nicEncoderWithHead() {
        // 64 -> 31 -> 15 -> 7 -> 3 (3x3, stride 2, no padding), 128 filters; dense 128*3*3 -> 128; head 128 -> 1000
        long macs = conv(3, 3, 128, 31) + conv(3, 128, 128, 15) + conv(3, 128, 128, 7) + conv(3, 128, 128, 3)
                + 128L * 9 * 128 + 128L * 1000;
        assertEquals(45_326_720L, macs);
        assertEquals(2 * macs, count("nic", 64, true));
        assertEquals(2 * (macs - 128L * 1000), count("nic", 64, false));
    }

    @Test
    void resnet18At224MatchesTorchvisionLayers() {
        long stem = conv(7, 3, 64, 112);
        long layer1 = 4 * conv(3, 64, 64, 56);
        long macs = stem + layer1 + fc(512);
        for (int[] stage : new int[][] {{64, 128, 28}, {128, 256, 14}, {256, 512, 7}}) {
            int in = stage[0];
            int out = stage[1];
            int side = stage[2];
            macs += conv(3, in, out, side) + 3 * conv(3, out, out, side) + conv(1, in, out, side);
        }
        assertEquals(1_814_073_344L, macs);
        assertEquals(2 * macs, count("resnet18", 224, true));
    }

    private static long fc(int in) {
        return in * 1000L;
    }

    @Test
    void uninitialisedBlockIsRefused() {
        Block block = Encoders.create("nic").block();
        assertThrows(IllegalStateException.class, () -> FlopCount.forwardPerImage(block));
    }
}

package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.data.batch.SampleRef;
import org.junit.jupiter.api.Test;

/** The double-buffered feed on the CPU: batches in order, split into shards that are the host rows, none leaked. */
class DeviceFeedTest {

    @Test
    void batchesArriveInOrderSplitIntoConsecutiveShardsAndTheOneAheadIsFreed() {
        try (NDManager first = NDManager.newBaseManager(); NDManager second = NDManager.newBaseManager()) {
            AtomicLong made = new AtomicLong();
            try (DeviceFeed feed = new DeviceFeed(() -> batch(made.incrementAndGet(), 5), List.of(first, second))) {
                for (long step = 1; step <= 3; step++) {
                    try (DeviceBatch batch = feed.next()) {
                        assertEquals(step, batch.host().step());
                        assertArrayEquals(new int[] {0, 2, 5}, batch.starts());
                        Batch a = batch.shards().get(0);
                        Batch b = batch.shards().get(1);
                        assertArrayEquals(Arrays.copyOfRange(batch.host().images(), 0, 2 * 3 * 4 * 4),
                                a.images().toFloatArray(), 0f);
                        assertArrayEquals(Arrays.copyOfRange(batch.host().images(), 2 * 3 * 4 * 4, 5 * 3 * 4 * 4),
                                b.images().toFloatArray(), 0f);
                        assertArrayEquals(new long[] {2, 3, 4}, b.labels().toLongArray());
                        assertEquals(3, b.images().getShape().get(0));
                    }
                }
                assertTrue(feed.waitedSeconds() >= 0);
            }
            assertEquals(4, made.get(), "one batch copied ahead of the last one taken, and freed at close");
            assertEquals(0, first.getManagedArrays().size() + second.getManagedArrays().size(),
                    "closing the feed frees the batch copied ahead");
        }
    }

    private static HostBatch batch(long step, int count) {
        float[] images = new float[count * 3 * 4 * 4];
        for (int i = 0; i < images.length; i++) {
            images[i] = step * 1000 + i;
        }
        long[] labels = new long[count];
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels[i] = i;
            refs.add(new SampleRef(0, i));
        }
        return new HostBatch(step, 4, images, labels, new long[count], refs);
    }
}

package org.histo4j.train;

import java.util.List;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;

/**
 * One training batch copied to the device(s): the host batch it came from, and one shard per replica (consecutive
 * rows, shard k on replica k's device, each copied once as a whole). Close it when the step is done.
 *
 * @param host   the batch in Java arrays
 * @param shards per replica, its rows as arrays on its device
 * @param starts per replica, the host row of its shard's first row (plus a last entry: the batch size)
 */
record DeviceBatch(HostBatch host, List<Batch> shards, int[] starts) implements AutoCloseable {

    /** The host rows of {@code host}'s {@code count} samples that replica {@code k} of {@code replicas} takes. */
    static int[] starts(int count, int replicas) {
        int[] starts = new int[replicas + 1];
        for (int k = 0; k <= replicas; k++) {
            starts[k] = (int) ((long) count * k / replicas);
        }
        return starts;
    }

    /** The number of samples of shard {@code k}. */
    int shardSize(int k) {
        return starts[k + 1] - starts[k];
    }

    /** Frees the shards' arrays. */
    @Override
    public void close() {
        shards.forEach(Batch::close);
    }
}

package org.histo4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.histo4j.Histo4jException;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;

/**
 * Training batches on their way to the device(s), double-buffered: while the trainer runs step k on the batch
 * {@link #next()} gave, one copy thread already puts batch k+1 on the devices (one copy per batch and replica, never
 * per image). On the CPU the copy is a plain array creation, by the same code path. The feed measures how long the
 * trainer waited for the loader, the share of time the devices idled for want of data.
 */
final class DeviceFeed implements AutoCloseable {

    private final Supplier<HostBatch> source;
    private final List<NDManager> replicas;
    private final ExecutorService copier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "histo4j-to-device");
        t.setDaemon(true);
        return t;
    });
    private Future<DeviceBatch> ahead;
    private long waitedNanos;

    /** Batches from {@code source} (in order), sharded over the replicas whose trainers' managers are given. */
    DeviceFeed(Supplier<HostBatch> source, List<NDManager> replicas) {
        this.source = source;
        this.replicas = List.copyOf(replicas);
        this.ahead = copier.submit(() -> copy(source.get(), this.replicas));
    }

    /** The next batch on the devices; the one after it starts its copy at once. */
    DeviceBatch next() {
        long began = System.nanoTime();
        try {
            DeviceBatch batch = ahead.get();
            ahead = copier.submit(() -> copy(source.get(), replicas));
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Histo4jException h) {
                throw h;
            }
            throw new IllegalStateException("batch preparation failed: " + e.getCause(), e.getCause());
        } finally {
            waitedNanos += System.nanoTime() - began;
        }
    }

    /** Seconds {@link #next()} spent waiting for a batch so far. */
    double waitedSeconds() {
        return waitedNanos / 1e9;
    }

    /**
     * {@code batch} split into consecutive shards, shard k copied as three arrays into a new sub-manager of
     * {@code managers.get(k)} (on that replica's device).
     */
    static DeviceBatch copy(HostBatch batch, List<NDManager> managers) {
        int[] starts = DeviceBatch.starts(batch.count(), managers.size());
        int pixels = 3 * batch.size() * batch.size();
        List<Batch> shards = new ArrayList<>();
        try {
            for (int k = 0; k < managers.size(); k++) {
                int from = starts[k];
                int to = starts[k + 1];
                NDManager sub = managers.get(k).newSubManager();
                shards.add(new Batch(batch.step(), sub.create(FloatBuffer.wrap(batch.images(), from * pixels,
                        (to - from) * pixels).slice(), new Shape(to - from, 3, batch.size(), batch.size())),
                        sub.create(Arrays.copyOfRange(batch.labels(), from, to)),
                        sub.create(Arrays.copyOfRange(batch.tasks(), from, to)), sub));
            }
            return new DeviceBatch(batch, shards, starts);
        } catch (RuntimeException e) {
            shards.forEach(Batch::close);
            throw e;
        }
    }

    /** Waits for the batch being copied ahead, frees it, and stops the copy thread. */
    @Override
    public void close() {
        copier.shutdown();
        try {
            ahead.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the batch never reached the device: nothing to free
        }
    }
}

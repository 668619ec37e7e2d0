package org.histo4j.data.batch;

import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.histo4j.Histo4jException;

/**
 * Batches of a {@link BatchLoader} in step order, built ahead by worker threads: a bounded window of
 * {@code ahead} batches is in preparation or ready, so the consumer rarely waits and memory stays bounded. The
 * batches are the same as {@link BatchLoader#prepare(long)} would give, whatever the number of workers.
 */
public final class BatchStream implements AutoCloseable {

    private final BatchLoader loader;
    private final ExecutorService workers;
    private final ArrayDeque<Future<HostBatch>> window = new ArrayDeque<>();
    private final int ahead;
    private long nextToSubmit;

    BatchStream(BatchLoader loader, long fromStep, int workerCount, int ahead) {
        if (workerCount < 1 || ahead < 1) {
            throw new IllegalArgumentException("workers " + workerCount + " and ahead " + ahead + " must be >= 1");
        }
        this.loader = loader;
        this.ahead = ahead;
        this.nextToSubmit = fromStep;
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "histo4j-batches");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** The next batch in Java arrays. */
    public HostBatch nextHost() {
        Future<HostBatch> next = window.poll();
        fill();
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Histo4jException h) {
                throw h;
            }
            throw new IllegalStateException("batch preparation failed: " + e.getCause(), e.getCause());
        }
    }

    /** The next batch as NDArrays in a sub-manager of {@code manager} (close the batch after the step). */
    public Batch next(NDManager manager) {
        return nextHost().toNDArrays(manager);
    }

    private void fill() {
        while (window.size() < ahead) {
            long step = nextToSubmit++;
            window.add(workers.submit(() -> loader.prepare(step)));
        }
    }

    /** Stops the workers. */
    @Override
    public void close() {
        window.forEach(f -> f.cancel(true));
        workers.shutdownNow();
    }
}

package org.histo4j.slide;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.histo4j.Histo4jException;
import org.histo4j.data.image.Resize;

/**
 * Reads tiles of a slide on a pool of threads and hands them out in order. A tile is read at its level,
 * resized to its output size when needed, and flattened onto white (opaque RGB: the transparent area beyond
 * the scan becomes white, like glass). At most {@code 2 x threads} tiles are held in memory at once.
 * The reader does not own the slide: close the slide yourself, after this reader.
 */
public final class TileReader implements AutoCloseable {

    /** Receives tiles in order on the calling thread. */
    @FunctionalInterface
    public interface Consumer {
        /** Takes one tile and its pixels. */
        void accept(Tile tile, BufferedImage image) throws IOException;
    }

    private final SlideReader slide;
    private final int threads;
    private final ExecutorService pool;

    /** A reader of {@code slide} on {@code threads} threads; the slide must allow concurrent reads. */
    public TileReader(SlideReader slide, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.slide = slide;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "histo4j-tile-reader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads one tile on the calling thread as an opaque RGB image of its output size. */
    public BufferedImage read(Tile tile) {
        BufferedImage region = slide.readRegion(tile.x(), tile.y(), tile.level(), tile.readSize(), tile.readSize());
        BufferedImage opaque = Images.onWhite(region);
        return tile.needsResize() ? Resize.resize(opaque, tile.outputSize(), tile.outputSize()) : opaque;
    }

    /**
     * Reads every tile in parallel and gives them to {@code consumer} in list order on the calling thread;
     * the first failure (a read or the consumer) stops the run and is rethrown.
     */
    public void forEachOrdered(List<Tile> tiles, Consumer consumer) throws IOException {
        ArrayDeque<Future<BufferedImage>> pending = new ArrayDeque<>();
        ArrayDeque<Tile> order = new ArrayDeque<>();
        Iterator<Tile> next = tiles.iterator();
        try {
            while (next.hasNext() || !pending.isEmpty()) {
                while (next.hasNext() && pending.size() < 2 * threads) {
                    Tile tile = next.next();
                    order.add(tile);
                    pending.add(pool.submit(() -> read(tile)));
                }
                consumer.accept(order.poll(), await(pending.poll()));
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
    }

    private static BufferedImage await(Future<BufferedImage> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Histo4jException("interrupted while reading tiles", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new Histo4jException("reading a tile failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}

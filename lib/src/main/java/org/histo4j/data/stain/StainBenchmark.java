package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.PatchTransform;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Measures tiles per second of each normaliser and of stain augmentation on one thread, on synthetic tiles painted
 * in two labs (the first tile is the reference). Normalisers are timed as the image path runs them, decoding and
 * normalising in one step, beside decoding alone ({@code decode only}, {@link Patch#of}), so the difference is what
 * normalisation adds. Throughput = timed tiles / wall-clock seconds, after warming each step up for three seconds
 * (a few passes are not enough for the JIT); the system load average at the end is reported
 * beside it, since other work on the machine slows it, and tiles per CPU-second of the measuring thread, which
 * other work hardly changes.
 */
public final class StainBenchmark {

    private static final double WARM_UP_SECONDS = 3;

    private StainBenchmark() {}

    /** Measures {@code tiles} tiles of {@code size} pixels, {@code rounds} timed passes each. */
    public static Table run(int size, int tiles, int rounds) {
        SyntheticTask task = SyntheticPool.POOL.get(0).withImagesPerClass(Math.max(1, tiles));
        SyntheticSource source = new SyntheticSource(task, size, 1, List.of(Lab.DEFAULT, Lab.sample("b", 2)));
        List<BufferedImage> images = new ArrayList<>();
        List<Patch> patches = new ArrayList<>();
        for (int i = 0; i < tiles; i++) {
            images.add(source.read(i));
            patches.add(Patch.of(images.get(i)));
        }
        PatchTransform augmentation = StainAugmentation.of(0.1);
        StainNormalizer macenko = MacenkoNormalizer.builder().addReference(patches.get(0)).build();
        StainNormalizer reinhard = ReinhardNormalizer.builder().addReference(patches.get(0)).build();
        StainNormalizer vahadane = MacenkoNormalizer.vahadaneBuilder().addReference(patches.get(0)).build();
        StringColumn method = StringColumn.create("method");
        IntColumn sizes = IntColumn.create("size");
        IntColumn timed = IntColumn.create("tiles");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        DoubleColumn perSecond = DoubleColumn.create("tilesPerSecond");
        DoubleColumn perCpuSecond = DoubleColumn.create("tilesPerCpuSecond");
        DoubleColumn load = DoubleColumn.create("loadAverage");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // normalisers as the image path runs them (decode and normalise in one step, beside decoding alone);
        // stain augmentation on decoded patches, as pre-training applies it
        SplittableRandom rng = new SplittableRandom(0);
        List<String> names = List.of("decode only", "reinhard", "macenko", "vahadane", "stain-augment(0.1)");
        List<IntConsumer> steps = List.of(i -> Patch.of(images.get(i)), i -> reinhard.apply(images.get(i)),
                i -> macenko.apply(images.get(i)), i -> vahadane.apply(images.get(i)),
                i -> augmentation.apply(patches.get(i), rng));
        for (int k = 0; k < steps.size(); k++) {
            warmUp(steps.get(k), tiles);
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                pass(steps.get(k), tiles);
            }
            double s = (System.nanoTime() - start) / 1e9;
            perCpuSecond.append(tiles * rounds / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
            method.append(names.get(k));
            sizes.append(size);
            timed.append(tiles * rounds);
            seconds.append(s);
            perSecond.append(tiles * rounds / s);
            load.append(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return Table.create("stain normalisation, tiles/s on one thread", method, sizes, timed, seconds, perSecond,
                perCpuSecond, load);
    }

    /**
     * Runs the step for at least {@value #WARM_UP_SECONDS} s and three passes: a fixed three passes over 32 tiles
     * (96 calls) left Macenko half compiled and measured it 2.3x slower than it runs in a long encode.
     */
    private static void warmUp(IntConsumer step, int tiles) {
        long end = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        for (int w = 0; w < 3 || System.nanoTime() < end; w++) {
            pass(step, tiles);
        }
    }

    private static void pass(IntConsumer step, int tiles) {
        for (int i = 0; i < tiles; i++) {
            step.accept(i);
        }
    }

    /** Prints the benchmark at 256 pixels: 32 tiles, 10 timed passes. */
    public static void main(String[] args) {
        System.out.println(run(256, 32, 10).print());
    }
}

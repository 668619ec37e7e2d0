package org.histo4j.data.batch;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.histo4j.Folders;
import org.histo4j.Histo4jException;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.PoolView;
import org.histo4j.data.TaskPool;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.source.FileListSource;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Measures how many batches per second the data pipeline delivers (flips, rotations and HED jitter, ImageNet
 * normalisation, NDArray creation included), at image sizes 64, 96 and 224, from the synthetic source and from a
 * folder of JPEGs it writes to a temporary directory. Throughput = batches / wall-clock seconds of the timed part
 * (after {@code warmup} batches).
 */
public final class DataBenchmark {

    /** The image sizes measured by {@link #run()}. */
    public static final List<Integer> SIZES = List.of(64, 96, 224);

    private DataBenchmark() {}

    /** Runs the default benchmark: batch size 32, 20 timed batches after 3, 2 workers. */
    public static Table run() {
        return run(SIZES, 32, 3, 20, 2);
    }

    /** Runs the benchmark with the given sizes and counts; one row per (source, size). */
    public static Table run(List<Integer> sizes, int batchSize, int warmup, int batches, int workers) {
        StringColumn source = StringColumn.create("source");
        IntColumn size = IntColumn.create("size");
        IntColumn batch = IntColumn.create("batchSize");
        IntColumn timed = IntColumn.create("batches");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        DoubleColumn perSecond = DoubleColumn.create("batchesPerSecond");
        DoubleColumn imagesPerSecond = DoubleColumn.create("imagesPerSecond");
        Path dir = tempDir();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int s : sizes) {
                SyntheticTask task = SyntheticPool.POOL.get(0).withImagesPerClass(Math.max(4, batchSize / 2));
                SyntheticSource synthetic = new SyntheticSource(task, s, 1);
                ImageSource jpeg = writeJpegs(synthetic, dir.resolve("size-" + s));
                for (ImageSource src : List.of(synthetic, jpeg)) {
                    double secs = time(src, s, batchSize, warmup, batches, workers, manager);
                    source.append(src == synthetic ? "synthetic" : "jpeg-folder");
                    size.append(s);
                    batch.append(batchSize);
                    timed.append(batches);
                    seconds.append(secs);
                    perSecond.append(batches / secs);
                    imagesPerSecond.append(batches * batchSize / secs);
                }
            }
        } finally {
            deleteTree(dir);
        }
        return Table.create("data pipeline throughput", source, size, batch, timed, seconds, perSecond,
                imagesPerSecond);
    }

    private static double time(ImageSource src, int size, int batchSize, int warmup, int batches, int workers,
            NDManager manager) {
        TaskPool pool = TaskPool.of("benchmark", List.of(src));
        BatchLoader loader = BatchLoader.builder().setSampler(Sampler.taskUniform(PoolView.all(pool)))
                .setAugmentation(Augmentation.builder().setSize(size).optFlips().optRotations()
                        .optHedJitter(0.05, 0.05).build())
                .setBatchSize(batchSize).build();
        try (BatchStream stream = loader.stream(0, workers, 2 * workers)) {
            for (int i = 0; i < warmup; i++) {
                stream.next(manager).close();
            }
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                stream.next(manager).close();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static ImageSource writeJpegs(SyntheticSource synthetic, Path dir) {
        try {
            for (int i = 0; i < synthetic.size(); i++) {
                Path classDir = dir.resolve(synthetic.classes().get(synthetic.label(i)));
                Files.createDirectories(classDir);
                ImageIO.write(synthetic.read(i), "jpg", classDir.resolve("img-" + i + ".jpg").toFile());
            }
        } catch (IOException e) {
            throw new Histo4jException("benchmark: cannot write JPEGs to " + dir + ": " + e.getMessage(), e);
        }
        List<ClassSpec> classes = synthetic.classes().stream().map(ClassSpec::unknownCount).toList();
        DatasetManifest manifest = new DatasetManifest("benchmark-jpegs", "JPEGs written by the benchmark", "none",
                dir.toUri().toString(), "none", "H&E", null, 0.5, classes, -1, true, Layout.FOLDER, Map.of(),
                Grouping.IMAGE, null);
        return FileListSource.folder(manifest, dir);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("histo4j-data-benchmark");
        } catch (IOException e) {
            throw new Histo4jException("benchmark: cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            throw new Histo4jException("benchmark: cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}

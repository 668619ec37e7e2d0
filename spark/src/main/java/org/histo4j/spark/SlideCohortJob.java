package org.histo4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.histo4j.Histo4jException;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;

/**
 * Encodes a cohort on Spark, one task per slide: the driver lists the slides and broadcasts the {@link SlideRecipe};
 * each task builds the library's {@link SlideEncoder} around its JVM's encoder and calls
 * {@link SlideEncoder#encode} on the slide, which writes {@code out/<slideId>.h5} atomically or skips it when fresh.
 * A failing slide is retried by Spark; on its last attempt the task reports the error instead of failing the job,
 * so the other slides finish. The driver then writes {@code bags.csv} when every slide is encoded, or
 * {@code failures.csv} (slide, path, attempts, error) when some are not, and {@code spark-run.json} either way.
 */
final class SlideCohortJob {

    /** The failures report written beside the bags. */
    static final String FAILURES = "failures.csv";

    /** One slide as sent to a task (paths as strings: {@link Path} is not serialisable). */
    record SlideTask(int index, String slideId, String path, int label, String group) implements Serializable {

        SlideEntry entry() {
            return new SlideEntry(slideId, Path.of(path), label, group);
        }
    }

    /**
     * The result of a run: the outcome of every slide in cohort order, the executors that ran them and the wall time
     * of the Spark job (from submitting the tasks to the last result).
     */
    record Result(List<SlideOutcome> outcomes, int executors, double seconds) {

        long failures() {
            return outcomes.stream().filter(SlideOutcome::failed).count();
        }
    }

    private SlideCohortJob() {}

    /** Encodes {@code slides} into {@code out} with {@code recipe} on {@code context}. */
    static Result run(JavaSparkContext context, List<SlideEntry> slides, SlideRecipe recipe, Path out) {
        List<SlideTask> tasks = new ArrayList<>();
        for (int i = 0; i < slides.size(); i++) {
            SlideEntry s = slides.get(i);
            tasks.add(new SlideTask(i, s.slideId(), s.path().toAbsolutePath().toString(), s.label(), s.group()));
        }
        long start = System.nanoTime();
        Broadcast<SlideRecipe> shared = context.broadcast(recipe);
        String folder = out.toAbsolutePath().toString();
        int attempts = SparkCluster.attempts(context);
        List<SlideOutcome> outcomes = new ArrayList<>(context.parallelize(tasks, tasks.size())
                .map(task -> encode(task, shared.value(), folder, attempts)).collect());
        outcomes.sort(Comparator.comparingInt(SlideOutcome::index));
        int executors = (int) outcomes.stream().map(SlideOutcome::executor).distinct().count();
        return new Result(outcomes, executors, (System.nanoTime() - start) / 1e9);
    }

    /** Runs on an executor: encodes one slide, rethrowing an error unless this is the task's last attempt. */
    static SlideOutcome encode(SlideTask task, SlideRecipe recipe, String folder, int attempts) {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        long start = System.nanoTime();
        try {
            SlideEncoder encoder = recipe.build(ExecutorEncoders.get(recipe.encoder()));
            EncodedSlide done = encoder.encodeInLockedFolder(task.entry(), Path.of(folder, task.slideId() + ".h5"),
                    SlideEncoder.Listener.NONE);
            return new SlideOutcome(task.index(), done.tiles(), done.tileSize(), done.skipped(), done.seconds(),
                    executor, attempt, null);
        } catch (RuntimeException e) {
            if (attempt + 1 < attempts) {
                throw e; // Spark tries the slide again, possibly on another executor
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new SlideOutcome(task.index(), 0, 0, false, (System.nanoTime() - start) / 1e9, executor, attempt,
                    message.lines().findFirst().orElse(""));
        }
    }

    /**
     * Writes {@code bags.csv} (all slides encoded; a previous {@code failures.csv} is removed) or
     * {@code failures.csv}; prints one summary line. Returns the exit code: 0, or 1 when a slide failed.
     */
    static int report(List<SlideEntry> slides, Path out, Result result, PrintWriter printer) throws IOException {
        List<SlideOutcome> outcomes = result.outcomes();
        Files.createDirectories(out);
        if (result.failures() == 0) {
            List<EncodedSlide> done = new ArrayList<>();
            for (SlideOutcome o : outcomes) {
                SlideEntry entry = slides.get(o.index());
                done.add(new EncodedSlide(entry, out.resolve(entry.slideId() + ".h5"), o.tiles(), o.tileSize(),
                        o.skipped(), o.seconds()));
            }
            SlideEncoder.writeManifest(out, done);
            Files.deleteIfExists(out.resolve(FAILURES));
        } else {
            StringBuilder csv = new StringBuilder("slide,path,attempts,error\n");
            for (SlideOutcome o : outcomes.stream().filter(SlideOutcome::failed).toList()) {
                SlideEntry entry = slides.get(o.index());
                csv.append(entry.slideId()).append(',').append(entry.path().toAbsolutePath()).append(',')
                        .append(o.attempt() + 1).append(',').append(csvField(o.error())).append('\n');
            }
            Files.writeString(out.resolve(FAILURES), csv);
        }
        int tiles = outcomes.stream().mapToInt(SlideOutcome::tiles).sum();
        printer.printf(Locale.ROOT, "%d slides (%d skipped as fresh, %d failed), %d tiles, on %d executor(s) in %.1f s"
                + " (%.1f tiles/s): %s%n", outcomes.size(), outcomes.stream().filter(SlideOutcome::skipped).count(),
                result.failures(), tiles, result.executors(), result.seconds(), tiles / result.seconds(),
                out.resolve(result.failures() == 0 ? SlideEncoder.BAGS_MANIFEST : FAILURES));
        if (result.failures() > 0) {
            printer.println("slide encode: " + result.failures() + " slide(s) failed every attempt (listed in "
                    + out.resolve(FAILURES) + "); the others are encoded: fix or remove them and run again (fresh"
                    + " bags are skipped)");
        }
        printer.flush();
        return result.failures() == 0 ? 0 : 1;
    }

    private static String csvField(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** A clear error when the folder cannot hold bags. */
    static void checkOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Histo4jException("--out " + out + " is a file, not a folder");
        }
    }
}

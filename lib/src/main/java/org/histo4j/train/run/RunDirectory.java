package org.histo4j.train.run;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.histo4j.Folders;
import org.histo4j.Histo4jException;
import org.histo4j.WriteLock;

/**
 * A training run's directory:
 *
 * <pre>
 * config.json                      the resolved configuration, seeds included
 * metrics.csv                      step,task,name,value (long format), appended and flushed as training goes
 * checkpoints/last/state.json      {@link TrainingState} of the latest checkpoint
 * checkpoints/last/parameters/     whatever the {@link ParameterWriter} wrote
 * checkpoints/best/...             the same, for the best mean validation score so far
 * summary.json                     the run's summary, written at the end
 * </pre>
 *
 * <p>Checkpoints are written atomically: into a hidden temporary directory first, then renamed into place, so a
 * crash leaves either the previous checkpoint or the new one, never half of one. A run is resumed from
 * {@code checkpoints/last}: the rows of {@code metrics.csv} after its step are dropped, so that once the resumed
 * run has caught up the file equals an uninterrupted run's. The loop must therefore log everything of step
 * {@code s} before it writes the checkpoint of step {@code s}.
 *
 * <pre>{@code
 * try (RunDirectory run = resume ? RunDirectory.resume(dir, config) : RunDirectory.create(dir, config)) {
 *     long start = run.resumedState().map(s -> run.restore(CheckpointKind.LAST, reader).step()).orElse(0L);
 *     for (long step = start + 1; step <= total; step++) {
 *         ... run.log(step, task, "loss", loss);
 *         if (step % every == 0) run.checkpoint(TrainingState.at(step, counters, rngs), score, writer);
 *     }
 *     run.writeSummary(summary);
 * }
 * }</pre>
 */
public final class RunDirectory implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE = "state.json";
    private static final String PARAMETERS = "parameters";

    private final Path dir;
    private final WriteLock lock;
    private final MetricsLog metrics;
    private final TrainingState resumed;
    private double bestScore;
    private long bestStep;

    private RunDirectory(Path dir, WriteLock lock, MetricsLog metrics, TrainingState resumed) {
        this.dir = dir;
        this.lock = lock;
        this.metrics = metrics;
        this.resumed = resumed;
        this.bestScore = resumed == null ? Double.NaN : resumed.bestScore();
        this.bestStep = resumed == null ? -1 : resumed.bestStep();
    }

    /**
     * Starts a new run in {@code dir} and writes its configuration (any Jackson-serialisable value); refuses a
     * directory that already exists and is not empty, and one that another process is writing ({@link WriteLock}).
     */
    public static RunDirectory create(Path dir, Object config) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Histo4jException("run directory " + dir + " is an existing file, not a directory; choose"
                    + " another directory");
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw alreadyExists(dir);
        }
        WriteLock lock = WriteLock.onFolder(dir, "run directory " + dir);
        try {
            if (!isEmptyDirectory(dir)) {
                throw alreadyExists(dir);
            }
            Files.createDirectories(dir.resolve("checkpoints"));
            writeJsonAtomically(dir.resolve("config.json"), config);
            return new RunDirectory(dir, lock, MetricsLog.create(dir.resolve("metrics.csv")), null);
        } catch (IOException e) {
            lock.close();
            throw new Histo4jException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Histo4jException alreadyExists(Path dir) {
        return new Histo4jException("run directory " + dir + " already exists: pass --resume to continue it"
                + " or choose another directory");
    }

    /**
     * Reopens the run in {@code dir} to continue it from its last checkpoint (from the start if it has none);
     * refuses a run whose stored configuration differs from {@code config}, naming the first differing key.
     */
    public static RunDirectory resume(Path dir, Object config) {
        return resume(dir, config, UnaryOperator.identity());
    }

    /**
     * Like {@link #resume(Path, Object)}, comparing {@code config} with the stored configuration as {@code upgrade}
     * rewrites it, so that a run written by an earlier version with another layout of the same settings resumes
     * (the stored file itself is left as it is).
     */
    public static RunDirectory resume(Path dir, Object config, UnaryOperator<JsonNode> upgrade) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new Histo4jException("run directory " + dir + " has no config.json: nothing to resume");
        }
        WriteLock lock = WriteLock.onFolder(dir, "run directory " + dir);
        try {
            JsonNode stored = upgrade.apply(JSON.readTree(configFile.toFile()));
            JsonNode now = JSON.readTree(JSON.writeValueAsString(config));
            ConfigComparison.firstDifference(stored, now).ifPresent(difference -> {
                throw new Histo4jException("run directory " + dir + " was made with another configuration: "
                        + difference + "; resume with the same configuration or start a new directory");
            });
            Files.createDirectories(dir.resolve("checkpoints"));
            for (CheckpointKind kind : CheckpointKind.values()) {
                recover(dir, kind);
            }
            Path lastState = checkpointDir(dir, CheckpointKind.LAST).resolve(STATE);
            TrainingState state = Files.exists(lastState) ? JSON.readValue(lastState.toFile(), TrainingState.class)
                    : null;
            MetricsLog log = MetricsLog.resume(dir.resolve("metrics.csv"), state == null ? -1 : state.step());
            return new RunDirectory(dir, lock, log, state);
        } catch (IOException e) {
            lock.close();
            throw new Histo4jException("cannot resume run directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The directory of this run. */
    public Path path() {
        return dir;
    }

    /** The state of the last checkpoint when this run was resumed from one, empty for a fresh start. */
    public Optional<TrainingState> resumedState() {
        return Optional.ofNullable(resumed);
    }

    /** Appends the row {@code step,task,name,value} to {@code metrics.csv} and flushes it. */
    public void log(long step, String task, String name, double value) {
        try {
            metrics.append(step, task, name, value);
        } catch (IOException e) {
            throw new Histo4jException("cannot write " + dir.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code checkpoints/last}, and {@code checkpoints/best} too when {@code meanValidationScore} beats
     * the best so far (higher is better; {@code NaN} means no validation at this step). The best-score fields of
     * {@code state} are filled in by the run; returns the state written.
     */
    public TrainingState checkpoint(TrainingState state, double meanValidationScore, ParameterWriter parameters) {
        boolean better = !Double.isNaN(meanValidationScore)
                && (Double.isNaN(bestScore) || meanValidationScore > bestScore);
        if (better) {
            bestScore = meanValidationScore;
            bestStep = state.step();
        }
        TrainingState written = state.withBest(bestScore, bestStep);
        try {
            Path temp = Files.createTempDirectory(dir.resolve("checkpoints"), ".tmp-");
            Files.createDirectory(temp.resolve(PARAMETERS));
            parameters.write(temp.resolve(PARAMETERS));
            JSON.writeValue(temp.resolve(STATE).toFile(), written);
            if (better) {
                Path bestTemp = Files.createTempDirectory(dir.resolve("checkpoints"), ".tmp-");
                copyTree(temp, bestTemp);
                commit(bestTemp, checkpointDir(dir, CheckpointKind.BEST));
            }
            commit(temp, checkpointDir(dir, CheckpointKind.LAST));
        } catch (IOException e) {
            throw new Histo4jException("cannot write checkpoint of step " + state.step() + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        return written;
    }

    /** Loads the parameters of a checkpoint through {@code parameters} and returns its state. */
    public TrainingState restore(CheckpointKind kind, ParameterReader parameters) {
        Path checkpoint = checkpointDir(dir, kind);
        if (!Files.isRegularFile(checkpoint.resolve(STATE))) {
            throw new Histo4jException("run directory " + dir + " has no " + kind.directoryName() + " checkpoint");
        }
        try {
            TrainingState state = JSON.readValue(checkpoint.resolve(STATE).toFile(), TrainingState.class);
            parameters.read(checkpoint.resolve(PARAMETERS));
            return state;
        } catch (IOException | MalformedModelException e) {
            throw new Histo4jException("cannot read checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding a checkpoint (it may not exist yet). */
    public Path checkpointDirectory(CheckpointKind kind) {
        return checkpointDir(dir, kind);
    }

    /** Writes {@code summary.json} (any Jackson-serialisable value), replacing an earlier summary of this run. */
    public void writeSummary(Object summary) {
        try {
            writeJsonAtomically(dir.resolve("summary.json"), summary);
        } catch (IOException e) {
            throw new Histo4jException("cannot write " + dir.resolve("summary.json") + ": " + e.getMessage(), e);
        }
    }

    /** Closes {@code metrics.csv} and releases the directory's lock. */
    @Override
    public void close() {
        try (lock) {
            metrics.close();
        } catch (IOException e) {
            throw new Histo4jException("cannot close " + dir.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
    }

    private static Path checkpointDir(Path dir, CheckpointKind kind) {
        return dir.resolve("checkpoints").resolve(kind.directoryName());
    }

    private static Path previous(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".old");
    }

    /** Replaces {@code target} by {@code temp}: target to .old, temp to target, .old deleted. */
    private static void commit(Path temp, Path target) throws IOException {
        Path old = previous(target);
        Folders.deleteTree(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        Folders.deleteTree(old);
    }

    /** After a crash between the two renames of {@link #commit}, puts the previous checkpoint back. */
    private static void recover(Path dir, CheckpointKind kind) throws IOException {
        Path target = checkpointDir(dir, kind);
        Path old = previous(target);
        if (!Files.exists(target) && Files.exists(old)) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Folders.deleteTree(old);
        try (Stream<Path> entries = Files.list(dir.resolve("checkpoints"))) {
            for (Path stale : entries.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                Folders.deleteTree(stale);
            }
        }
    }

    private static void writeJsonAtomically(Path file, Object value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), value);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(WriteLock.FOLDER_LOCK));
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

}

package org.histo4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.histo4j.Histo4jException;
import org.histo4j.slide.encode.SlideEntry;

/**
 * Runs the two encoding jobs on Apache Spark when {@code --spark MASTER} is given: the optional runner of the
 * {@code histo4j-spark} jar (module {@code spark/}), found as a {@link ServiceLoader} service so that the plain jar
 * holds no Spark. Each method returns the command's exit code (0, or 1 when some work failed).
 */
public interface SparkRunner {

    /** The one line a user sees when {@code --spark} is given but the runner is not on the class path. */
    String MISSING = "--spark needs the Spark runner (spark/target/histo4j-spark.jar and its class path): build them with"
            + " environment/setup.sh, then run ./histo4j again";

    /**
     * A {@code slide encode} run: the slides, where their bags go, and the settings that rebuild the same
     * {@link org.histo4j.slide.encode.SlideEncoder} on every executor.
     */
    record SlideJob(String master, List<SlideEntry> slides, Path out, String encoder, Path nicWeights, int inputSize,
            int tileSize, double mpp, Double slideMpp, double minTissue, int batchSize) {}

    /**
     * A {@code features extract} run: the data, the encoder (spec text, and the cut point when {@code --truncate}
     * gave one, else null) and the cache file the driver writes.
     */
    record FeatureJob(String master, String data, Path root, String encoder, String truncation, Path nicWeights,
            int inputSize, int batchSize, Path out) {}

    /** Encodes the slides into bags on the cluster; prints a summary to {@code out}. */
    int encodeSlides(SlideJob job, PrintWriter out);

    /** Extracts the features on the cluster and writes the cache; prints a summary to {@code out}. */
    int extractFeatures(FeatureJob job, PrintWriter out);

    /** The runner on the class path, or one clear error saying how to get it. */
    static SparkRunner find() {
        return ServiceLoader.load(SparkRunner.class).findFirst().orElseThrow(() -> new Histo4jException(MISSING));
    }
}

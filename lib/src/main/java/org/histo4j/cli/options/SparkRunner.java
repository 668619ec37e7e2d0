package org.histo4j.cli.options;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.histo4j.Histo4jException;
import org.histo4j.slide.encode.SlideEntry;

/**
 * Runs the two encoding jobs on Apache Spark when {@code --spark MASTER} is given: the optional runner of the
 * {@code histo4j-spark} jar (module {@code spark/}), found as a {@link ServiceLoader} service so that the plain jar
 * holds no Spark. Each method returns the command's exit code (0, or 1 when some work failed). The jobs carry every
 * setting the local path uses (encoder, device, stain normaliser, tiling, batch), so that executors rebuild the same
 * {@link org.histo4j.slide.encode.SlideEncoder} or {@link org.histo4j.transfer.FeatureExtractor}.
 */
public interface SparkRunner {

    /** The one line a user sees when {@code --spark} is given but the runner is not on the class path. */
    String MISSING = "--spark needs the Spark runner (spark/target/histo4j-spark.jar and its class path): build them with"
            + " environment/setup.sh, then run ./histo4j again";

    /**
     * How executors load the encoder and where it computes.
     *
     * @param spec the encoder spec text ({@code random:nic:1}, {@code torchscript:/shared/r.pt}, with any cut point)
     * @param nicWeights the Keras file of {@code nic} specs without a path, or null for the default
     * @param inputSize the input side of TorchScript encoders
     * @param device the device name ({@code cpu}, {@code gpu0}), as {@link ai.djl.Device#fromName} reads it
     * @param stain the stain normalisation, as executors rebuild it
     */
    record Encoding(String spec, Path nicWeights, int inputSize, String device, Stain stain) {}

    /**
     * A stain normalisation as executors rebuild it: the normaliser's saved JSON ({@code StainNormalizer.fromJson}),
     * whether each slide's stains are fitted on the slide ({@code macenko:slide}, the JSON then being the reference),
     * and the identity the driver computed, which the rebuilt normalisation must reproduce.
     *
     * @param identity the identity bags and caches record ({@code none}, {@code macenko@...},
     *     {@code macenko:slide->macenko@...})
     * @param json the normaliser's JSON, or null for none
     * @param perSlide whether each slide gets its own Macenko fit
     */
    record Stain(String identity, String json, boolean perSlide) implements Serializable {

        /** No normalisation. */
        public static final Stain NONE = new Stain("none", null, false);
    }

    /**
     * How slides are cut into tiles, as {@code slide encode}'s tiling options resolved them.
     *
     * @param tileSize the tile side in pixels at {@code mpp}
     * @param mpp the microns per pixel of the tiles
     * @param slideMpp the slides' level-0 mpp when their metadata lacks it, or null
     * @param minTissue the least tissue fraction of a tile kept
     * @param tolerance the relative tolerance on level downsamples
     * @param removePenMarks whether pen marks are not counted as tissue
     * @param threads reading threads, or null for each executor's processors
     */
    record Tiling(int tileSize, double mpp, Double slideMpp, double minTissue, double tolerance,
            boolean removePenMarks, Integer threads) implements Serializable {}

    /** A {@code slide encode} run: the slides, where their bags go, and the settings of its slide encoder. */
    record SlideJob(String master, List<SlideEntry> slides, Path out, Encoding encoding, Tiling tiling,
            int batchSize) {}

    /** A {@code features extract} run: the data, the encoder (with any cut point) and the cache file written. */
    record FeatureJob(String master, String data, Path root, Encoding encoding, int batchSize, Path out) {}

    /** Encodes the slides into bags on the cluster; prints a summary to {@code out}. */
    int encodeSlides(SlideJob job, PrintWriter out);

    /** Extracts the features on the cluster and writes the cache; prints a summary to {@code out}. */
    int extractFeatures(FeatureJob job, PrintWriter out);

    /** The runner on the class path, or one clear error saying how to get it. */
    static SparkRunner find() {
        return ServiceLoader.load(SparkRunner.class).findFirst().orElseThrow(() -> new Histo4jException(MISSING));
    }
}

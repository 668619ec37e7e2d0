package org.histo4j.cli.options;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Option;

/**
 * {@code --spark MASTER}: run an encoding command on Apache Spark instead of this process. Builds the job from the
 * command's other options, so that the executors use exactly the settings of the local path.
 */
public final class SparkOptions {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run on Apache Spark: local[N] or spark://HOST:PORT (needs the histo4j-spark jar)")
    String master;

    /** Whether {@code --spark} was given. */
    public boolean enabled() {
        return master != null;
    }

    /** The runner; when the Spark jars are missing, one line saying how to build them. */
    public SparkRunner runner() {
        return SparkRunner.find();
    }

    /** The engine and master, for the command's {@code config.json}. */
    public Map<String, Object> describe() {
        return Map.of("engine", "spark", "master", master);
    }

    /** A {@code slide encode} job with the command's encoder, device, stain normaliser, tiling and batch. */
    public SparkRunner.SlideJob slideJob(List<SlideEntry> slides, Path out, EncoderOptions encoder, EncoderSpec spec,
            Device device, SlideStain stain, TilingOptions tiling, int batch) {
        SparkRunner.Tiling cut = new SparkRunner.Tiling(tiling.tileSize, tiling.mpp, tiling.slideMpp, tiling.minTissue,
                tiling.tolerance, tiling.removePenMarks, tiling.threads);
        return new SparkRunner.SlideJob(master, slides, out, encoding(encoder, spec, device, shipped(stain)),
                cut, batch);
    }

    /** A {@code features extract} job with the command's encoder (cut point included), device and batch. */
    public SparkRunner.FeatureJob featureJob(String data, Path root, EncoderOptions encoder, EncoderSpec spec,
            Device device, StainNormalizer stain, int batch, Path out) {
        return new SparkRunner.FeatureJob(master, data, root, encoding(encoder, spec, device,
                shipped(SlideStain.of(stain))), batch, out);
    }

    /** The stain normalisation as executors rebuild it; one line when it is not a saveable normaliser. */
    static SparkRunner.Stain shipped(SlideStain stain) {
        StainNormalizer normalizer = stain.normalizer();
        if (normalizer instanceof org.histo4j.data.stain.StainNormalizer saveable) {
            return new SparkRunner.Stain(stain.identity(), saveable.toJson().toString(), stain.perSlide());
        }
        if (normalizer.identity().equals(StainNormalizer.NONE.identity())) {
            return SparkRunner.Stain.NONE;
        }
        throw new Histo4jException("--spark: the stain normaliser " + normalizer.identity() + " cannot be saved for"
                + " the executors; run without --spark");
    }

    private static SparkRunner.Encoding encoding(EncoderOptions encoder, EncoderSpec spec, Device device,
            SparkRunner.Stain stain) {
        String name = device.getDeviceType() + (device.getDeviceId() >= 0 ? String.valueOf(device.getDeviceId()) : "");
        return new SparkRunner.Encoding(spec.toString(), encoder.nicWeights, encoder.inputSize, name,
                stain);
    }
}

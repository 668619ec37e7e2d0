package org.histo4j.spark;

import java.io.Serializable;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.model.Encoder;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.encode.SlideEncoder;

/**
 * The settings of a {@link SlideEncoder}, sent to executors so that each builds the same one around its own
 * encoder: what {@code slide encode}'s options give the local path.
 *
 * @param encoder how to load and run the tile encoder
 * @param tiling the tile size, mpp, tissue threshold, tolerance, pen marks and reading threads
 * @param batchSize tiles per forward pass
 */
public record SlideRecipe(EncoderRecipe encoder, SparkRunner.Tiling tiling, int batchSize) implements Serializable {

    /** The recipe of a {@code slide encode} job. */
    public static SlideRecipe of(SparkRunner.SlideJob job) {
        return new SlideRecipe(EncoderRecipe.of(job.encoding()), job.tiling(), job.batchSize());
    }

    /** The slide encoder of these settings around {@code loaded} (this recipe's encoder). */
    public SlideEncoder build(Encoder loaded) {
        SlideEncoder.Builder builder = SlideEncoder.builder().setEncoder(loaded).setTileSize(tiling.tileSize())
                .setMpp(tiling.mpp()).optMinTissue(tiling.minTissue()).optTolerance(tiling.tolerance())
                .optTissueDetector(TissueDetector.builder().optRemovePenMarks(tiling.removePenMarks()).build())
                .optBatchSize(batchSize).optDevice(encoder.onDevice()).optSlideStain(encoder.slideStain());
        if (tiling.slideMpp() != null) {
            builder.optSlideMpp(tiling.slideMpp());
        }
        if (tiling.threads() != null) {
            builder.optThreads(tiling.threads());
        }
        return builder.build();
    }
}

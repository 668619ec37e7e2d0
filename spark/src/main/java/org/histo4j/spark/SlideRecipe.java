package org.histo4j.spark;

import java.io.Serializable;
import org.histo4j.cli.SparkRunner;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.SlideEncoder;

/**
 * The settings of a {@link SlideEncoder}, sent to executors so that each builds the same one around its own
 * encoder.
 *
 * @param encoder how to load the tile encoder
 * @param tileSize the tile side in pixels at {@code mpp}
 * @param mpp the microns per pixel of the tiles
 * @param slideMpp the slides' level-0 mpp when their metadata lacks it, or null
 * @param minTissue the least tissue fraction of a tile kept
 * @param batchSize tiles per forward pass
 */
public record SlideRecipe(EncoderRecipe encoder, int tileSize, double mpp, Double slideMpp, double minTissue,
        int batchSize) implements Serializable {

    /** The recipe of a {@code slide encode} job. */
    public static SlideRecipe of(SparkRunner.SlideJob job) {
        return new SlideRecipe(EncoderRecipe.of(job.encoder(), null, job.nicWeights(), job.inputSize()),
                job.tileSize(), job.mpp(), job.slideMpp(), job.minTissue(), job.batchSize());
    }

    /** The slide encoder of these settings around {@code loaded} (this recipe's encoder). */
    public SlideEncoder build(Encoder loaded) {
        SlideEncoder.Builder builder = SlideEncoder.builder().setEncoder(loaded).setTileSize(tileSize).setMpp(mpp)
                .optMinTissue(minTissue).optBatchSize(batchSize);
        if (slideMpp != null) {
            builder.optSlideMpp(slideMpp);
        }
        return builder.build();
    }
}

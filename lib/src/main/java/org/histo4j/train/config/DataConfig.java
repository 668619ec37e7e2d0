package org.histo4j.train.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a run trains on: the pool of tasks, the images and how batches and splits are drawn from them.
 *
 * @param pool {@code "synthetic"} (the embedded synthetic pool) or the path of a pool manifest
 * @param dataRoot the folder holding one sub-folder per task of a manifest pool, or {@code null} for the
 *     manifest's own folder
 * @param tasks the names of the pool's tasks to train on, or empty for all of them
 * @param imagesPerClass for the synthetic pool, images painted per class (0 = the pool's 400)
 * @param imageSize the side of the training images in pixels
 * @param sampler how the samples of a batch are drawn
 * @param augment whether training images are flipped and rotated by multiples of 90 degrees at random
 * @param stainAugment the strength (sigma) of Macenko stain augmentation of training images, 0 for none (see
 *     {@link org.histo4j.data.stain.StainAugmentation})
 * @param validationFraction the fraction of each task's groups held out for validation
 * @param testFraction the fraction of each task's groups held out for testing (never used in training)
 */
public record DataConfig(String pool, String dataRoot, List<String> tasks, int imagesPerClass, int imageSize,
        SamplerKind sampler, boolean augment, double stainAugment, double validationFraction, double testFraction) {

    /** The value of {@link #pool} naming the embedded synthetic pool. */
    public static final String SYNTHETIC = "synthetic";

    /** Copies the task list and checks every value, naming the builder method that sets it. */
    public DataConfig {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("optPool: '" + SYNTHETIC + "' or a pool manifest path is required");
        }
        if (imagesPerClass < 0 || (imagesPerClass > 0 && !SYNTHETIC.equals(pool))) {
            throw new IllegalArgumentException("optImagesPerClass: " + imagesPerClass
                    + " (>= 0, and only for the synthetic pool)");
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("optImageSize: " + imageSize + " (at least 8)");
        }
        if (sampler == null) {
            throw new IllegalArgumentException("optSampler: a sampler is required");
        }
        if (!(stainAugment >= 0 && stainAugment <= 1)) {
            throw new IllegalArgumentException("optStainAugment: " + stainAugment + " (a strength in [0, 1])");
        }
        if (!(validationFraction > 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("optSplit: validation " + validationFraction + " must be > 0 and test "
                    + testFraction + " >= 0, adding up to less than 1");
        }
    }

    /** Whether {@link #pool} is the embedded synthetic pool. */
    @JsonIgnore
    public boolean isSyntheticPool() {
        return SYNTHETIC.equals(pool);
    }
}

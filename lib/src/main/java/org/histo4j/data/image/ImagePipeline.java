package org.histo4j.data.image;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The one path from decoded pixels to encoder input, in this order: decode ({@link Patch#of}) &rarr;
 * {@link StainNormalizer} (the slot, none by default) &rarr; resize to the output size ({@link Resize}, or a random
 * crop, as the {@link Augmentation}'s first step) &rarr; the augmentation's random steps (none for evaluation)
 * &rarr; the encoder's {@link Normalization}. Pre-training's batch loader, feature extraction, fine-tuning, slide
 * encoding and top-k fine-tuning all build their tensors here, so one image reaches an encoder as the same floats
 * whichever of them sent it.
 *
 * <pre>{@code
 * ImagePipeline eval = encoder.preprocessing();                       // the encoder's size and normalisation
 * ImagePipeline train = eval.withAugmentation(Augmentation.builder().setSize(96).optFlips().build());
 * float[] x = eval.tensor(images, new SplittableRandom(0));           // N x 3 x size x size, normalised
 * }</pre>
 *
 * @param stain         the stain normaliser, applied right after decoding
 * @param augmentation  resize (or crop) to the output size, then random steps; {@link Augmentation#none} for none
 * @param normalization the encoder's normalisation, applied last
 */
public record ImagePipeline(StainNormalizer stain, Augmentation augmentation, Normalization normalization) {

    /** Checks that no part is missing. */
    public ImagePipeline {
        if (stain == null || augmentation == null || normalization == null) {
            throw new IllegalArgumentException("image pipeline: stain, augmentation and normalization must be set"
                    + " (StainNormalizer.NONE and Augmentation.none(size) for none)");
        }
    }

    /** Resize to {@code size} and normalise, no stain normaliser, no augmentation (evaluation). */
    public static ImagePipeline of(int size, Normalization normalization) {
        return new ImagePipeline(StainNormalizer.NONE, Augmentation.none(size), normalization);
    }

    /** The side of the square output in pixels. */
    public int size() {
        return augmentation.size();
    }

    /** The same pipeline with another augmentation (which also fixes the output size). */
    public ImagePipeline withAugmentation(Augmentation value) {
        return new ImagePipeline(stain, value, normalization);
    }

    /** The same pipeline resizing to {@code size} without augmentation. */
    public ImagePipeline withSize(int size) {
        return withAugmentation(Augmentation.none(size));
    }

    /** The same pipeline with another stain normaliser. */
    public ImagePipeline withStainNormalizer(StainNormalizer value) {
        return new ImagePipeline(value, augmentation, normalization);
    }

    /** Decode, stain normaliser, resize and augmentation: the patch in [0, 1] before normalisation. */
    public Patch prepare(BufferedImage image, RandomGenerator rng) {
        return augmentation.apply(stain.apply(image), rng);
    }

    /** The whole path for one image, written normalised into {@code out} at {@code offset} (3 x size x size). */
    public void write(BufferedImage image, RandomGenerator rng, float[] out, int offset) {
        normalization.apply(prepare(image, rng), out, offset);
    }

    /** The whole path for one image: 3 x size x size normalised floats. */
    public float[] tensor(BufferedImage image, RandomGenerator rng) {
        float[] out = new float[3 * size() * size()];
        write(image, rng, out, 0);
        return out;
    }

    /** The whole path for several images, in order, drawing augmentation from {@code rng}: N x 3 x size x size. */
    public float[] tensor(List<BufferedImage> images, RandomGenerator rng) {
        int per = 3 * size() * size();
        float[] out = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            write(images.get(i), rng, out, i * per);
        }
        return out;
    }

    /** The whole path without augmentation draws (for pipelines with none): N x 3 x size x size. */
    public float[] tensor(List<BufferedImage> images) {
        return tensor(images, new SplittableRandom(0));
    }

    /**
     * Everything that decides the output, for feature caches and run configurations:
     * {@code stain=none;augmentation=size=64, resize;normalization=imagenet mean=[..] std=[..];resize=halve+bilinear}.
     */
    public String describe() {
        return "stain=" + stain.identity() + ";augmentation=" + augmentation + ";normalization=" + normalization
                + ";resize=halve+bilinear";
    }
}

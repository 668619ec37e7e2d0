package org.histo4j.data.image;

import java.awt.image.BufferedImage;

/**
 * The stain-normalisation slot of the image path: a deterministic colour transform applied to every image right
 * after decoding, before resizing ({@link ImagePipeline}: decode, stain normaliser, resize, augmentation, the
 * encoder's normalisation). The default is {@link #NONE}.
 *
 * <p>To plug one in (e.g. Macenko or Reinhard, in {@code org.histo4j.data.stain}): implement {@link #apply} as a pure
 * function of the patch (fitted parameters fixed at construction, no randomness, safe from several threads), and
 * return from {@link #identity()} a string that changes whenever the output could change (method, parameters, the
 * hash of the reference image). The identity is recorded in feature caches, bags and run configurations through
 * {@link ImagePipeline#describe()}, so a cache made with another normaliser is never reused.
 */
public interface StainNormalizer {

    /** No stain normalisation: the patch unchanged. */
    StainNormalizer NONE = new StainNormalizer() {
        @Override
        public Patch apply(Patch patch) {
            return patch;
        }

        @Override
        public String identity() {
            return "none";
        }
    };

    /** The normalised patch (values in [0, 1], same size); a new patch, the input left unchanged. */
    Patch apply(Patch patch);

    /**
     * Decodes and normalises in one step: the patch {@code apply(Patch.of(image))} gives, which is what this default
     * does. The image path calls this form; a normaliser that works on 8-bit levels overrides it to read the
     * image's pixels once and skip the float patch in between.
     */
    default Patch apply(BufferedImage image) {
        return apply(Patch.of(image));
    }

    /** What this normaliser is, for caches: method and every parameter that changes its output. */
    String identity();
}

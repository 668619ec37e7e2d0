/**
 * The one image path from decoded pixels to encoder input, and its primitives: {@link org.histo4j.data.image.Patch}
 * (RGB planes of floats in [0, 1]), {@link org.histo4j.data.image.Resize} (the only resize in histo4j),
 * {@link org.histo4j.data.image.PatchTransform} and {@link org.histo4j.data.image.Transforms} (crops, flips,
 * rotations, colour and HED jitter), {@link org.histo4j.data.image.Augmentation} (an ordered list of them ending at
 * a fixed size), {@link org.histo4j.data.image.Normalization} (an encoder's per-channel constants) and
 * {@link org.histo4j.data.image.StainNormalizer} (the stain-normalisation slot, none by default).
 * {@link org.histo4j.data.image.ImagePipeline} chains them in one order: decode, stain normaliser, resize,
 * augmentation, normalisation.
 *
 * <p>Why here: images are a data concept, and both {@code data.batch} (pre-training's loader) and {@code model}
 * (each encoder exposes its {@code normalization()} and {@code preprocessing()}) need these types. Living in
 * {@code data}, they keep every dependency pointing one way: {@code model -> data.image}, {@code data.batch ->
 * data.image}, and nothing here depends on {@code model}, {@code data.batch} or the rest of {@code data}.
 * Stain normalisers ({@code org.histo4j.data.stain}) implement {@link org.histo4j.data.image.StainNormalizer}.
 */
package org.histo4j.data.image;

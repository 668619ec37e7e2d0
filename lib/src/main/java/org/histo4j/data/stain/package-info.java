/**
 * Stain normalisation and stain augmentation for H&amp;E images: one {@link org.histo4j.data.stain.StainNormalizer}
 * interface (fit on reference images, {@code Patch apply(Patch)}, saved as JSON, an identity {@code method@hash} to
 * record with runs and caches), with {@link org.histo4j.data.stain.ReinhardNormalizer} (L*a*b* mean and standard
 * deviation on tissue) and {@link org.histo4j.data.stain.MacenkoNormalizer} (stain vectors from optical density,
 * {@link org.histo4j.data.stain.StainMatrix}); and {@link org.histo4j.data.stain.StainAugmentation}, a
 * {@link org.histo4j.data.image.PatchTransform} that perturbs the estimated stain vectors and concentrations.
 *
 * <p><b>Vahadane</b> (sparse non-negative factorisation of OD into two stains) is not here yet. The maintained Java
 * linear-algebra libraries served by Maven Central here (EJML 0.46.1, Apache Commons Math 3.6.1) offer dense
 * decompositions but neither sparse NMF nor dictionary learning, so Vahadane would be our own alternating
 * non-negative lasso on a 3x2 dictionary, which is small enough to need no library at all; it was left for a later
 * change so that Reinhard and Macenko could be tested first.
 *
 * <p><b>Speed</b> ({@link org.histo4j.data.stain.StainBenchmark}, 256 px synthetic tiles, one thread, pure Java,
 * 2026-12-07 on a 2-core machine shared with other jobs, load average 20-22 during the run, so these are lower
 * bounds): Reinhard 9.8 tiles/s, Macenko 13.1 tiles/s, stain augmentation (0.1) 11.9 tiles/s. No NDArray batch
 * form exists yet: each tile needs its own stain estimate (percentiles of angles and concentrations, a sort per
 * tile), which batch tensor operations do not make cheaper on a CPU; the per-pixel unmix and rebuild would be the
 * part to move if measurements of {@code slide encode} show normalisation above its budget. Re-measure with
 * {@code java -cp histo4j.jar org.histo4j.data.stain.StainBenchmark}.
 */
package org.histo4j.data.stain;

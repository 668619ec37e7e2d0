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
 * <p>Use from the command line: {@code --stain none|reinhard:REF|macenko:REF}
 * ({@link org.histo4j.data.stain.StainSpec}) on {@code features extract}, {@code transfer evaluate} and {@code slide encode}; {@code pretrain --stain-augment
 * STRENGTH}. Every normaliser is also the image path's slot {@link org.histo4j.data.image.StainNormalizer}.
 *
 * <p><b>Speed</b> ({@link org.histo4j.data.stain.StainBenchmark}, 256 px synthetic tiles, one thread, pure Java). Per
 * pixel the normalisers use tables, not {@code Math.log}/{@code pow}/{@code exp}: optical density and sRGB
 * linearisation are 256-entry tables of the 8-bit level, Macenko's rebuild {@code exp(-M . OD)} is a product of 9
 * tables of 256 factors, percentiles come from quickselect instead of a sort, Reinhard computes L*a*b* once per
 * pixel. Measured 2026-12-07 on a 2-core machine shared with other jobs (load average 33-35): per CPU-second of the
 * measuring thread Reinhard 99, Macenko 126, stain augmentation (0.1) 115 tiles; wall-clock 3.8 / 6.0 / 7.3 tiles/s
 * at that load (before these changes, at load 20-22: 9.8 / 13.1 / 11.9 tiles/s wall-clock; after them, at load 20:
 * 45 / 23 / 33).
 *
 * <p>Against {@code slide encode} (the goal: Macenko adds at most 10% with NIC, 5% with ResNet-50 at 224 px), both
 * sides are printed by running, on a synthetic cohort ({@code histo4j slide cohort --slides 3 --width 4096 --height
 * 3072 --seed 7 --out C}) and a reference tile ({@code histo4j slide tile C/slides/slide-000.tif --out T}),
 * {@code histo4j slide encode C/cohort.csv --encoder nic --stain none --out A} and the same with
 * {@code --stain macenko:T/x0_y1280.png}, repeated and interleaved (and {@code --encoder random:resnet50 --tile-size
 * 224}). Not settled on this machine at load 28-35: NIC, 89 tiles, 29.3 s and 15.1 s without, 23.7 s and 22.8 s
 * with (repeats differ more than arms); ResNet-50, 123 tiles, 227.8 s without, 348.4 s with (load rising from 30
 * to 35 between them). At about 8 ms of CPU per tile, Macenko is small beside a ResNet-50 forward pass at 224 px
 * but not beside NIC's; the next step would be to estimate each tile's stain matrix on a subsample of its tissue.
 * No NDArray batch form exists: each tile needs its own stain estimate (percentiles of angles and concentrations).
 * Re-measure with {@code java -cp histo4j.jar org.histo4j.data.stain.StainBenchmark}.
 */
package org.histo4j.data.stain;

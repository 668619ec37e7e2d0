/**
 * Stain normalisation and stain augmentation for H&amp;E images: one {@link org.histo4j.data.stain.StainNormalizer}
 * interface (fit on reference images, {@code Patch apply(Patch)}, saved as JSON, an identity {@code method@hash} to
 * record with runs and caches), with {@link org.histo4j.data.stain.ReinhardNormalizer} (L*a*b* mean and standard
 * deviation on tissue) and {@link org.histo4j.data.stain.MacenkoNormalizer} (stain vectors from optical density,
 * {@link org.histo4j.data.stain.StainMatrix}); and {@link org.histo4j.data.stain.StainAugmentation}, a
 * {@link org.histo4j.data.image.PatchTransform} that perturbs the estimated stain vectors and concentrations.
 *
 * <p><b>Vahadane</b> (Vahadane et al. 2016) is {@code MacenkoNormalizer.vahadaneBuilder()}: the same rebuild, with
 * stain vectors from a sparse non-negative factorisation of the tissue's optical densities
 * ({@link org.histo4j.data.stain.StainMatrix#estimateSparse}; an exact two-stain lasso per pixel alternating with a
 * block-coordinate update of the vectors, no library needed for a 3x2 dictionary). It is the robust one: with ink on
 * 2% of a painted image's pixels Macenko's hematoxylin vector turned 24 degrees, Vahadane's less than 3
 * ({@code VahadaneTest}); at 5% Macenko found no two stains, Vahadane was within 4 degrees. The price is a tilt of
 * 2-3 degrees of the vectors towards each other on images with many mixed pixels (its L1 term at lambda 0.1, as
 * StainTools), and time: decoding and normalising a 256-px tile took 1.6 ms against Macenko's 0.66 ms
 * ({@code StainBenchmark}, one thread: 617 against 1,508 tiles/s). In {@code slide encode} with NIC at 64 px
 * ({@code bench stain C/cohort.csv --encoder nic --method vahadane}, 8 slides of 4096 x 3072, 216 tiles) the step
 * alone cost 1.83 ms per tile estimated per tile (30% of encode's 6.1 ms), while {@code vahadane:slide} fitted each
 * slide once in 5.9 ms and then cost 0.08 ms per tile: per slide is the way to use it.
 *
 * <p>Use from the command line: {@code --stain none|reinhard:REF|macenko:REF|vahadane:REF}
 * ({@link org.histo4j.data.stain.StainSpec}) on {@code features extract}, {@code transfer evaluate} and
 * {@code slide encode}; {@code slide encode} also takes {@code macenko:slide} or {@code vahadane:slide} (each
 * slide's stains fitted once on its tissue thumbnail and mapped to {@link org.histo4j.data.stain.MacenkoNormalizer#STANDARD}) and
 * {@code macenko:slide=REF} (mapped to REF's stains), see {@code org.histo4j.slide.encode.SlideStain};
 * {@code pretrain --stain-augment STRENGTH}. Every normaliser is also the image path's slot
 * {@link org.histo4j.data.image.StainNormalizer}.
 *
 * <p><b>Speed.</b> The image path hands a normaliser the decoded image ({@code apply(BufferedImage)}), so a
 * normaliser reads the 8-bit pixels once: Macenko goes from the packed {@code 0xRRGGBB} levels
 * ({@link org.histo4j.data.image.Patch#packedRgb}, read straight from INT_RGB rasters) to the output patch with no
 * float patch in between. Per pixel the normalisers use tables, not {@code Math.log}/{@code pow}/{@code exp}/
 * {@code cbrt}: optical density and sRGB linearisation are 256-entry tables of the 8-bit level, Macenko's rebuild
 * {@code exp(-M . OD)} is a product of 9 tables of 256 factors in one fused pass, L*a*b*'s cube root and sRGB's
 * companding are interpolated tables (within 5e-6), percentiles come from quickselect instead of a sort. Macenko
 * estimates each image's stains on at most {@value org.histo4j.data.stain.MacenkoNormalizer#ESTIMATION_SAMPLE} of
 * its pixels (every k-th), which makes the estimate a fixed cost per tile; with a fixed source
 * ({@code macenko:slide}) nothing is estimated per tile. No NDArray batch form exists: each tile needs its own
 * estimate (percentiles of angles and concentrations), and the fixed-source rebuild is a table look-up per pixel,
 * cheaper on the host than a copy to a device and back. Re-measure with
 * {@code java -cp histo4j.jar org.histo4j.data.stain.StainBenchmark} (one thread, per normaliser) and
 * {@code histo4j bench stain COHORT.csv --encoder E} (against {@code slide encode}).
 *
 * <p>Measured 2026-12-07 on a quiet 2-core AMD EPYC (AVX2, load average 1.0-1.9, the benchmarks themselves):
 * <ul>
 *   <li>{@code StainBenchmark} (256 px synthetic tiles, 32 tiles x 10 passes after 3 s of warm-up, one thread):
 *       decoding alone 3,660-3,800 tiles/s (0.27 ms); decode and normalise with Macenko 1,496-1,676 tiles/s
 *       (0.6-0.67 ms, so Macenko adds 0.33-0.40 ms), with Reinhard 225-274 tiles/s (3.7-4.4 ms; 5.5 ms before
 *       the cube-root table); stain augmentation (0.1) on decoded patches 306 tiles/s (3.3 ms; 131 tiles/s before
 *       it estimated the stains on a sample of {@value org.histo4j.data.stain.MacenkoNormalizer#ESTIMATION_SAMPLE}
 *       pixels, as Macenko does). Two runs.</li>
 * </ul>
 *
 * <p><b>Against {@code slide encode}</b> (the goal: Macenko adds at most 10% with NIC, at most 5% with ResNet-50 at
 * 224 px; both met). {@code bench stain} encodes one cohort three ways in one process, interleaved over rounds
 * (none, Macenko per tile, {@code macenko:slide}), and also times the stain step alone in thread-CPU time, the
 * figure a loaded machine disturbs least. Synthetic cohorts from
 * {@code slide cohort --width 4096 --height 3072 --seed 7}, {@code bench stain --repeats 5}:
 * <ul>
 *   <li>NIC ({@code --encoder nic}, tiles 256 px at 0.5 um/px resized to 64), 16 slides, 413 tiles: without
 *       normalisation 2.05-2.36 s (175-202 tiles/s); in three runs Macenko per tile added +1.4%, +6.5% and +3.8%
 *       wall clock (+4.2%, +9.6%, +6.5% CPU), {@code macenko:slide} -1.3%, +2.0% and +4.6% (-0.8%, +2.6%, +1.4%
 *       CPU). The step alone: 0.39-0.42 ms of CPU per tile estimated per tile (about 5% of encode's 8.6 ms), 0.05-0.13
 *       ms with a fixed source (under 2%), 6-7 ms per slide for the fit. On 8 slides (216 tiles): -1.7% and +5.3%.
 *       Before the one-step image path (a float patch made, then read back to levels) the same cohorts read +14% to
 *       +16%.</li>
 *   <li>ResNet-50 at 224 px ({@code --encoder random:resnet50 --tile-size 224}), 3 slides, 123 tiles: without
 *       normalisation 8.22 s (15.0 tiles/s); Macenko per tile -2.8% wall clock (-2.4% CPU), {@code macenko:slide}
 *       -4.0% (-4.1% CPU): the differences are the machine's noise, as the step alone shows, 0.42 and 0.07 ms per
 *       tile (0.3% and 0.1% of encode's 128 ms).</li>
 * </ul>
 * Runs under two seconds swing by several per cent either way on this machine; the step-alone figures are the ones
 * to compare between machines.
 */
package org.histo4j.data.stain;

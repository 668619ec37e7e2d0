/**
 * Whole slides: the slide reader abstraction and its OpenSlide binding, tissue masks, tiling at a physical size,
 * bags, grids, slide classifiers and heatmaps. Start with {@link org.histo4j.slide.SlideReader#open}, find tissue
 * with {@link org.histo4j.slide.TissueDetector}, lay out tiles with {@link org.histo4j.slide.TileGrid} and read
 * them with {@link org.histo4j.slide.TileReader}. Encode slides into bags with
 * {@link org.histo4j.slide.encode.SlideEncoder}, evaluate slide classifiers with
 * {@link org.histo4j.slide.study.SlideCrossValidation}, and run the whole stage on synthetic slides with
 * {@link org.histo4j.slide.study.SlideStudy}.
 */
package org.histo4j.slide;

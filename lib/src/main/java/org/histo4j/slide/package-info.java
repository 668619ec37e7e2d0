/** Whole slides: the slide reader abstraction and its OpenSlide binding, tissue masks, tiling at a physical size, bags, grids, slide classifiers and heatmaps. */
package org.histo4j.slide;

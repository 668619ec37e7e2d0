/** Where a slide model looked: per-tile values drawn over the slide thumbnail, tissue outlines, top-k galleries. */
package org.histo4j.slide.heatmap;

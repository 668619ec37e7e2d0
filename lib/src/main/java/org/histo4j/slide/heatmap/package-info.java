/** Where a slide model looked: per-tile values drawn over the slide thumbnail with the tissue outline, and the top-k tiles. */
package org.histo4j.slide.heatmap;

/**
 * Synthetic whole slides, the default data of the slide stage: pyramidal, tiled JPEG TIFFs that OpenSlide reads as
 * Aperio slides (with MPP and AppMag), holding tissue islands and, on positive slides, small lesions whose area
 * fraction is the signal-to-noise knob of Neural Image Compression's simulated data.
 * {@link org.histo4j.slide.synthetic.HistologySlidePainter} paints them with H&amp;E-like tissue textures.
 */
package org.histo4j.slide.synthetic;

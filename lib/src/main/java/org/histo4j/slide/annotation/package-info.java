/**
 * Slide annotations in QuPath's GeoJSON: reading polygon annotations with their classes (to tile only inside them
 * and label tiles by the annotation they fall in), and writing tiles with their scores as GeoJSON features a
 * pathologist opens over the slide in QuPath.
 */
package org.histo4j.slide.annotation;

/**
 * The OpenSlide reader: a binding to the OpenSlide C library (3.4 as {@code libopenslide.so.0}, 4.x as
 * {@code libopenslide.so.1}) through Java's Foreign Function and Memory API, with the public shape of the
 * official OpenSlide Java binding, and a benchmark comparing it with a plain C loop.
 */
package org.histo4j.slide.openslide;

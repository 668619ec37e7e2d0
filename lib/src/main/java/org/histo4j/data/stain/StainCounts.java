package org.histo4j.data.stain;

/**
 * How many images a normaliser changed and how many it passed through unchanged (nearly all background, or stains
 * that could not be estimated).
 *
 * @param normalised   images transformed
 * @param passedThrough images returned unchanged
 */
public record StainCounts(long normalised, long passedThrough) {}

/**
 * Encoding whole slides into bags: tissue mask, tiles at a physical size, features from any encoder through
 * {@link org.histo4j.transfer.FeatureExtractor}, one HDF5 bag per slide ({@link org.histo4j.slide.mil.BagFile}),
 * resumable per slide, and the manifests of cohorts ({@code cohort.csv}) and of their bags ({@code bags.csv}).
 * Start with {@link org.histo4j.slide.encode.SlideEncoder}.
 */
package org.histo4j.slide.encode;

/**
 * Slide classifiers learned from slide labels alone: pooling models over bags of tile features (mean pooling,
 * attention MIL in its plain and gated forms), a CNN over the compressed slide grid of Neural Image Compression,
 * and their training and evaluation per slide.
 */
package org.histo4j.slide.mil;

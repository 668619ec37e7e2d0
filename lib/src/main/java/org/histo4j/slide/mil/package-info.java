/**
 * Slide classifiers learned from slide labels alone: pooling models over bags of tile features (mean pooling,
 * attention MIL in its plain and gated forms), a CNN over the compressed slide grid of Neural Image Compression,
 * and their training and evaluation per slide ({@link org.histo4j.slide.mil.SlideTrainer}); top-k fine-tuning of the
 * tile encoder with a trained attention model (HistoTransfer, {@link org.histo4j.slide.mil.TopKFineTuner}). Both
 * fits run {@link org.histo4j.train.EpochLoop}.
 */
package org.histo4j.slide.mil;

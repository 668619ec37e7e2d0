/**
 * Transfer evaluation: feature extraction and its cache, linear probes, fine-tuning, the seeds-and-folds protocol,
 * metrics, representation analysis (CKA, truncation) and their tables (pages are assembled in
 * {@code org.histo4j.report}).
 *
 * <p>Entry points: {@link org.histo4j.transfer.TransferEvaluation} (encoders given as
 * {@link org.histo4j.transfer.spec.EncoderSpec}s, linear probes and/or fine-tuning on the same grouped folds and
 * seeds, learning curves, and {@code quick(...)} on the synthetic target tasks), {@link org.histo4j.transfer.FineTuner}
 * (fine-tuning with the epoch chosen on a grouped validation split), {@link org.histo4j.transfer.TransferTables}
 * (summary with significance marks, comparison with a baseline),
 * {@link org.histo4j.transfer.EncoderBlocks} and {@link org.histo4j.transfer.RepresentationAnalysis} (cut points,
 * pooled activations per block, layer-by-layer CKA heatmaps, the truncation study),
 * {@link org.histo4j.transfer.FeatureExtractor} with {@link org.histo4j.transfer.FeatureSet},
 * {@link org.histo4j.transfer.FeatureCache} and {@link org.histo4j.transfer.CacheProvenance} (HDF5 caches that know
 * where they came from), {@link org.histo4j.transfer.LinearProbe} (LIBLINEAR probes with C chosen by inner grouped
 * cross-validation), {@link org.histo4j.transfer.GroupKFold} (grouped stratified folds),
 * {@link org.histo4j.transfer.TransferStudy} and {@link org.histo4j.transfer.TransferResults} (probes over seeds,
 * the summary, significance and leave-one-task-out selection in {@link org.histo4j.transfer.ModelSelection}),
 * {@link org.histo4j.transfer.Metrics} and {@link org.histo4j.transfer.Cka}.
 */
package org.histo4j.transfer;

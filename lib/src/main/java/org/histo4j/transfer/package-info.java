/**
 * Transfer evaluation: feature extraction and its cache, linear probes, fine-tuning, the seeds-and-folds protocol,
 * metrics and CKA.
 *
 * <p>Entry points: {@link org.histo4j.transfer.FeatureSet} (the features of one encoder on one task),
 * {@link org.histo4j.transfer.FeatureCache} with {@link org.histo4j.transfer.CacheProvenance} (HDF5 caches that
 * know where they came from), {@link org.histo4j.transfer.LinearProbe} (LIBLINEAR probes with C chosen by inner
 * grouped cross-validation), {@link org.histo4j.transfer.GroupKFold} (grouped stratified folds),
 * {@link org.histo4j.transfer.TransferStudy} and {@link org.histo4j.transfer.TransferResults} (the protocol over
 * seeds, its summary, significance and leave-one-task-out selection in
 * {@link org.histo4j.transfer.ModelSelection}), {@link org.histo4j.transfer.Metrics} and
 * {@link org.histo4j.transfer.Cka}.
 */
package org.histo4j.transfer;

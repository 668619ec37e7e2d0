/** Datasets and the task pool: manifests, readers, synthetic histology, splits, augmentation and multi-task batches. Knows nothing of training. */
package org.histo4j.data;

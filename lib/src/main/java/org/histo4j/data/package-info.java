/** Datasets and the task pool: manifests, readers, synthetic histology, splits, the image path ({@code data.image}) and multi-task batches. Knows nothing of training or of models. */
package org.histo4j.data;

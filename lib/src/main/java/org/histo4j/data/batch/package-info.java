/** Multi-task batches: samplers over a pool view, augmentation, normalisation, and batch loading ahead on worker threads into DJL NDArrays. */
package org.histo4j.data.batch;

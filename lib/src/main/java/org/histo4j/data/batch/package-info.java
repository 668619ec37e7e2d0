/** Multi-task batches: samplers over a pool view and batch loading ahead on worker threads into DJL NDArrays; images take the one path of {@link org.histo4j.data.image.ImagePipeline}. */
package org.histo4j.data.batch;

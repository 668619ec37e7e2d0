/**
 * Batch-norm adaptation before multi-task training: measure the statistics of every batch-norm layer's input on
 * mixed batches of the task pool, then reset each layer to those statistics while keeping its output unchanged.
 */
package org.histo4j.train.bn;

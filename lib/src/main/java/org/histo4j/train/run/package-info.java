/**
 * Run directories: the resolved configuration, per-step metrics in long format, atomic checkpoints (last and
 * best) and the run summary, with resumption that reproduces an uninterrupted run's files.
 */
package org.histo4j.train.run;

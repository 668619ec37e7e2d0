package org.histo4j.data.batch;

/**
 * One sample of a pool.
 *
 * @param task  the task id
 * @param index the sample's index in its task's source
 */
public record SampleRef(int task, int index) {}

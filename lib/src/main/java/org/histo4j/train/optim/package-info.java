/**
 * Optimisation for multi-task training: learning-rate schedules, parameter groups (encoder and one head per
 * task) with the head learning-rate multiplier, the head-gradient scaling B/|B_i| with no update at all for
 * heads absent from a batch, an optimiser wrapper applying both, and PCGrad's gradient surgery.
 */
package org.histo4j.train.optim;

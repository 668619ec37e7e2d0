/**
 * The parts of a pre-training configuration, each a small record that checks itself: the data
 * ({@link org.histo4j.train.config.DataConfig}), the network ({@link org.histo4j.train.config.ModelConfig} with its
 * {@link org.histo4j.train.config.HeadSpec}), the optimisation ({@link org.histo4j.train.config.OptimisationConfig}),
 * the schedule of the run ({@link org.histo4j.train.config.ScheduleConfig}) and its evaluation
 * ({@link org.histo4j.train.config.EvaluationConfig}). {@link org.histo4j.train.PretrainConfig} holds one of each
 * with the seed, and its builder sets them all; messages name that builder's methods.
 */
package org.histo4j.train.config;

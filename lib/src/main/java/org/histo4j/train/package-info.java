/**
 * Training. Multi-task pre-training's loop is {@link org.histo4j.train.MultiTaskTrainer} (configured by an immutable
 * {@link org.histo4j.train.PretrainConfig} made of the parts in {@code train.config}, returning a
 * {@link org.histo4j.train.PretrainSummary}); the trained
 * encoder comes back with {@link org.histo4j.train.PretrainedRun#load}. The loss is
 * {@link org.histo4j.train.MultiTaskLoss}; {@link org.histo4j.train.ResumableOptimizer} is SGD/Adam whose state
 * histo4j owns, so a resumed run continues with the same numbers. Epoch-based fits elsewhere (fine-tuning, slide
 * classifiers) run {@link org.histo4j.train.EpochLoop} with an {@link org.histo4j.train.optim.OptimizerKind}.
 *
 * <pre>{@code
 * PretrainConfig config = PretrainConfig.builder().setArch("resnet18").optTruncateAfter("layer1").optImageSize(32)
 *         .setSteps(200).optLearningRate(0.05f).optValidationImagesPerTask(50).build();
 * PretrainSummary summary = MultiTaskTrainer.run(config, Path.of("runs/quick"), false);
 * Table accuracy = summary.metric("val_accuracy");            // step, task, name, value
 * }</pre>
 *
 * <p>The loop's building blocks: run directories and checkpoints ({@code train.run}), schedules,
 * the head learning-rate multiplier, the head-gradient scaling B/|B_i| and PCGrad ({@code train.optim}), batch-norm
 * adaptation ({@code train.bn}) and {@link org.histo4j.train.TrainingProgress}.
 *
 * <h2>The step pattern (no NDArray outlives its step)</h2>
 * Every operation's output lives in the manager of its first input, and gradients accumulate until
 * {@code trainer.step()}. So: open a sub-manager of the trainer's manager per step, create (or
 * {@code tempAttachAll}) the batch in it, copy scalars out as Java values before it closes, and keep no NDArray
 * from one step to the next. {@code StepMemoryTest} runs 2000 such steps and checks that the number of live
 * arrays in the trainer's manager tree stays the same.
 *
 * <p>Under a gradient collector, multiply, divide or take the maximum with a constant through
 * {@link org.histo4j.model.Scalars}, never DJL's {@code mul(Number)} and its kin: those let the JVM free the constant
 * before backward reads it, which scaled whole gradients by garbage now and then (the rare NaN of slide training;
 * {@code ArchitectureTest} keeps them out).
 *
 * <pre>{@code
 * ParameterGroups groups = ParameterGroups.builder().addEncoder(...).addHead(task, ...).build();
 * BatchNormAdaptation.adaptAll(network, mixedBatches);          // optional: after loading weights, before the Trainer
 * MultiTaskOptimizer optimizer = MultiTaskOptimizer.builder().setGroups(groups).setSchedule(schedule)
 *         .optHeadMultiplier(m).optWeightDecay(wd).optStepsDone(startStep).build();
 * try (RunDirectory run = ...; Trainer trainer = model.newTrainer(config.optOptimizer(optimizer));
 *         TrainingProgress progress = TrainingProgress.auto("pre-training", startStep + 1, total, 50)) {
 *     for (long step = startStep + 1; step <= total; step++) {
 *         float loss;
 *         try (NDManager scope = trainer.getManager().newSubManager()) {
 *             Batch batch = batches.next(scope);                    // its arrays are created in `scope`
 *             GradientPlan plan = GradientPlan.headScaling(groups, batch.taskCounts(), batch.size());
 *             optimizer.setPlan(step <= warmUp ? plan.withEncoderFrozen(groups) : plan);
 *             try (GradientCollector collector = trainer.newGradientCollector()) {
 *                 NDArray value = multiTaskLoss(trainer.forward(batch.images()), batch);
 *                 collector.backward(value);
 *                 loss = value.getFloat();                          // a Java value leaves the scope
 *             }
 *             trainer.step();
 *         }
 *         run.log(step, "", "loss", loss);
 *         progress.update(step, loss, batchSize);
 *         if (step % checkpointEvery == 0) {
 *             run.checkpoint(TrainingState.at(step, counters, samplerStates), meanValidationScore, writer);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Resuming: {@link org.histo4j.train.run.RunDirectory#resume} checks the configuration and trims
 * {@code metrics.csv}; restore the parameters with {@code run.restore(CheckpointKind.LAST, reader)}, the samplers
 * from the state's longs. DJL's own optimisers keep momentum and Adam moments private, so with
 * {@code MultiTaskOptimizer.builder()} (and {@code optStepsDone(state.step())} for the schedule) they start again
 * from zero; wrap a {@link org.histo4j.train.ResumableOptimizer} instead ({@code MultiTaskOptimizer.wrap}) and
 * save/load its state with the checkpoint, as {@code MultiTaskTrainer} does, for an exact resume.
 */
package org.histo4j.train;

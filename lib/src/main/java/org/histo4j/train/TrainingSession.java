package org.histo4j.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.MultiTaskOutput;
import org.histo4j.train.bn.BatchNormAdaptation;
import org.histo4j.train.config.OptimisationConfig;
import org.histo4j.train.optim.GradientPlan;
import org.histo4j.train.optim.MultiTaskOptimizer;
import org.histo4j.train.optim.ParameterGroups;
import org.histo4j.train.optim.PcGrad;
import org.histo4j.train.optim.Schedule;
import org.histo4j.train.optim.SharedGradients;

/**
 * One network being trained: the DJL model and trainer, the parameter groups (encoder, one head per task), the
 * optimiser with its own state, and the training step of the paper (or its PCGrad variant). Every array of a step
 * lives in a sub-manager closed at the end of the step.
 */
final class TrainingSession implements AutoCloseable {

    static final String NETWORK_FILE = "network.npz";
    static final String OPTIMIZER_FILE = "optimizer.npz";

    private final MultiTaskNetwork network;
    private final List<String> tasks;
    private final Model model;
    private final ParameterGroups groups;
    private final ResumableOptimizer optimizer;
    private final MultiTaskOptimizer scaling;
    private final Schedule schedule;
    private final Trainer trainer;
    private final long seed;
    private final boolean headScaling;

    /**
     * The outcome of one step.
     *
     * @param loss the batch loss L
     * @param taskLossSums per task, the summed cross-entropy of its samples
     * @param counts per task, its number of samples
     * @param correct per task, its number of correct predictions
     */
    record StepResult(double loss, double[] taskLossSums, int[] counts, int[] correct) {}

    private TrainingSession(MultiTaskNetwork network, List<String> tasks, PretrainConfig config, Device device) {
        this.network = network;
        this.tasks = List.copyOf(tasks);
        this.seed = config.seed();
        this.headScaling = config.optimisation().headGradientScaling();
        this.model = Model.newInstance("histo4j-pretrain", device);
        try {
            model.setBlock(network);
            Engine.getInstance().setRandomSeed(seedOf(config.seed(), 0));
            network.initialize(model.getNDManager());
            ParameterGroups.Builder builder = ParameterGroups.builder()
                    .addEncoder(network.encoderParameters().values());
            for (int t = 0; t < tasks.size(); t++) {
                builder.addHead(tasks.get(t), network.headParameters(t).values());
            }
            this.groups = builder.build();
            this.schedule = schedule(config);
            OptimisationConfig o = config.optimisation();
            this.optimizer = new ResumableOptimizer(o.optimizer(), groups.learningRates(schedule,
                    o.headLrMultiplier()), o.momentum(), o.weightDecay(), model.getNDManager());
            this.scaling = MultiTaskOptimizer.wrap(optimizer);
            this.trainer = model.newTrainer(new DefaultTrainingConfig(new MultiTaskLoss()).optOptimizer(scaling)
                    .optDevices(new Device[] {device}));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A session training {@code network} (heads in the order of {@code tasks}) on {@code device}. */
    static TrainingSession open(MultiTaskNetwork network, List<String> tasks, PretrainConfig config, Device device) {
        if (tasks.size() != network.numTasks()) {
            throw new IllegalArgumentException(tasks.size() + " task names for " + network.numTasks() + " heads");
        }
        return new TrainingSession(network, tasks, config, device);
    }

    /** The learning-rate schedule a configuration names. */
    static Schedule schedule(PretrainConfig config) {
        int steps = Math.toIntExact(config.schedule().steps());
        float rate = config.optimisation().learningRate();
        return switch (config.schedule().lrSchedule()) {
            case CONSTANT -> Schedule.constant(rate);
            case STEP -> Schedule.stepDecay(rate, 0.1f, Math.max(1, steps / 3));
            case COSINE -> steps == 1 ? Schedule.constant(rate)
                    : Schedule.cosine(rate, 0f, steps, config.schedule().lrWarmupSteps());
        };
    }

    /** The network. */
    MultiTaskNetwork network() {
        return network;
    }

    /** The manager of the model's parameters (on the training device). */
    NDManager manager() {
        return model.getNDManager();
    }

    /** The manager of the trainer (a sub-manager of {@link #manager()}), where every step's arrays live. */
    NDManager trainerManager() {
        return trainer.getManager();
    }

    /** The encoder's learning rate at a step. */
    float encoderRate(long step) {
        return schedule.getNewValue(Math.toIntExact(step));
    }

    /**
     * One optimisation step on {@code batch}: forward, L = (1/B) Σ cross-entropy, backward, head gradients times
     * B/|B_t| (unless the configuration turns the rescaling off; heads absent from the batch are not updated),
     * then the update. With {@code frozen} the encoder neither
     * learns nor moves its batch-norm statistics; with {@code pcGrad} each task is back-propagated on its own and
     * the encoder's gradient is PCGrad's sum of the projected per-task gradients.
     */
    StepResult step(long step, HostBatch batch, boolean frozen, boolean pcGrad) {
        if (network.isEncoderFrozen() != frozen) {
            network.setEncoderFrozen(frozen);
        }
        int[] counts = new int[tasks.size()];
        for (long task : batch.tasks()) {
            counts[(int) task]++;
        }
        GradientPlan plan = GradientPlan.headScaling(groups, countsByName(counts), batch.count());
        if (!headScaling) {
            plan = new GradientPlan(Map.of(), plan.skipped());
        }
        scaling.setPlan(frozen ? plan.withEncoderFrozen(groups) : plan);
        optimizer.setStep(step);
        Engine.getInstance().setRandomSeed(seedOf(seed, step));
        try (NDManager scope = trainer.getManager().newSubManager()) {
            Batch arrays = batch.toNDArrays(scope);
            StepResult result = pcGrad && !frozen ? pcGradBackward(step, arrays, batch.tasks(), counts)
                    : backward(arrays.images(), arrays.labels(), arrays.tasks());
            trainer.step();
            return result;
        }
    }

    private StepResult backward(NDArray images, NDArray labels, NDArray taskIds) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList output = trainer.forward(new NDList(images, taskIds));
            MultiTaskLoss.Terms terms = MultiTaskLoss.terms(MultiTaskOutput.of(output), labels);
            collector.backward(terms.loss());
            return read(terms.loss(), terms);
        }
    }

    private StepResult pcGradBackward(long step, Batch batch, long[] taskOf, int[] counts) {
        float[] before = new float[encoderSize()];
        List<float[]> perTask = new ArrayList<>();
        double[] sums = new double[tasks.size()];
        int[] correct = new int[tasks.size()];
        double loss = 0;
        NDManager manager = batch.manager();
        for (int t = 0; t < tasks.size(); t++) {
            if (counts[t] == 0) {
                continue;
            }
            NDArray rows = manager.create(rowsOf(taskOf, t));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList output = trainer.forward(new NDList(batch.images().get(rows), batch.tasks().get(rows)));
                MultiTaskLoss.Terms terms = MultiTaskLoss.terms(MultiTaskOutput.of(output), batch.labels().get(rows));
                NDArray share = terms.taskSums().get(t).div(taskOf.length);
                collector.backward(share);
                StepResult part = read(share, terms);
                sums[t] = part.taskLossSums()[t];
                correct[t] = part.correct()[t];
                loss += part.loss();
            }
            float[] after = SharedGradients.read(groups.encoder());
            perTask.add(SharedGradients.difference(after, before));
            before = after;
        }
        SplittableRandom random = new SplittableRandom(seedOf(seed, step));
        SharedGradients.write(groups.encoder(), PcGrad.combine(perTask.toArray(float[][]::new),
                PcGrad.Reduction.SUM, random));
        return new StepResult(loss, sums, counts, correct);
    }

    private int encoderSize() {
        return groups.encoder().stream().filter(Parameter::requiresGradient)
                .mapToInt(p -> Math.toIntExact(p.getArray().size())).sum();
    }

    private static long[] rowsOf(long[] taskOf, int task) {
        return IntStream.range(0, taskOf.length).filter(i -> taskOf[i] == task)
                .mapToLong(i -> i).toArray();
    }

    private StepResult read(NDArray loss, MultiTaskLoss.Terms terms) {
        double[] sums = new double[tasks.size()];
        int[] correct = new int[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            if (terms.counts()[t] > 0) {
                sums[t] = terms.taskSums().get(t).getFloat();
                correct[t] = Math.toIntExact(terms.taskCorrect().get(t).toType(DataType.INT64, false).getLong());
            }
        }
        return new StepResult(loss.getFloat(), sums, terms.counts(), correct);
    }

    private Map<String, Integer> countsByName(int[] counts) {
        Map<String, Integer> byName = new HashMap<>();
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] > 0) {
                byName.put(tasks.get(t), counts[t]);
            }
        }
        return byName;
    }

    /** Adapts every batch-norm layer of the encoder to the statistics of {@code batches} (output unchanged). */
    void adaptBatchNorm(List<HostBatch> batches) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            List<NDList> inputs = batches.stream().map(b -> new NDList(b.toNDArrays(scope).images())).toList();
            BatchNormAdaptation.adaptAll(network.encoder().block(), inputs);
        }
    }

    /** Whether every parameter of the network is a finite number (no NaN, no infinity). */
    boolean parametersFinite() {
        return EpochLoop.finite(network.namedParameters().values());
    }

    /** Writes the network and the optimiser state into a checkpoint directory. */
    void save(Path dir) {
        network.save(dir.resolve(NETWORK_FILE));
        optimizer.save(network.namedParameters(), dir.resolve(OPTIMIZER_FILE));
    }

    /** Reads what {@link #save} wrote. */
    void load(Path dir) {
        network.load(dir.resolve(NETWORK_FILE));
        optimizer.load(network.namedParameters(), dir.resolve(OPTIMIZER_FILE));
    }

    /** A 32-bit engine seed from the run's seed and a step (SplitMix64 finaliser). */
    static int seedOf(long seed, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }

    /** Closes the trainer, the optimiser state and the model. */
    @Override
    public void close() {
        try {
            trainer.close();
            optimizer.close();
        } finally {
            model.close();
        }
    }
}

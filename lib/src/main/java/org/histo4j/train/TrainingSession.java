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
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.model.MultiTaskOutput;
import org.histo4j.model.Scalars;
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
 *
 * <p>Data-parallel over several devices: the network is replicated on each (see {@link Replicas}); a batch is split
 * into consecutive shards, replica k back-propagates shard k with its loss weighted by its share of the batch, the
 * gradients are summed onto the first replica, whose optimiser then sees exactly the gradient of the whole batch
 * (the head-gradient plan and PCGrad act on these sums), and the updated parameters are copied back out. Batch
 * norms normalise each shard by its own statistics and keep per-replica running statistics; the first replica's
 * are saved.
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
    private final Replicas replicas;

    /**
     * The outcome of one step.
     *
     * @param loss the batch loss L
     * @param taskLossSums per task, the summed cross-entropy of its samples
     * @param counts per task, its number of samples
     * @param correct per task, its number of correct predictions
     */
    record StepResult(double loss, double[] taskLossSums, int[] counts, int[] correct) {}

    private TrainingSession(MultiTaskNetwork network, Supplier<MultiTaskNetwork> networks, List<String> tasks,
            PretrainConfig config, List<Device> devices) {
        Device device = devices.getFirst();
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
            this.replicas = Replicas.create(network, networks, devices.subList(1, devices.size()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A session training {@code network} (heads in the order of {@code tasks}) on {@code device}. */
    static TrainingSession open(MultiTaskNetwork network, List<String> tasks, PretrainConfig config, Device device) {
        return open(() -> network, tasks, config, List.of(device));
    }

    /**
     * A data-parallel session: one replica per entry of {@code devices} (a device may repeat, e.g. the CPU twice in
     * tests), each network a new one from {@code networks}; the first replica's is the one trained and saved.
     */
    static TrainingSession open(Supplier<MultiTaskNetwork> networks, List<String> tasks, PretrainConfig config,
            List<Device> devices) {
        MultiTaskNetwork network = networks.get();
        if (tasks.size() != network.numTasks()) {
            throw new IllegalArgumentException(tasks.size() + " task names for " + network.numTasks() + " heads");
        }
        return new TrainingSession(network, networks, tasks, config, devices);
    }

    /** The managers of the replicas' trainers, first replica first: where {@link DeviceFeed} copies shards. */
    List<NDManager> replicaManagers() {
        List<NDManager> managers = new ArrayList<>();
        managers.add(trainer.getManager());
        replicas.list().forEach(r -> managers.add(r.trainer().getManager()));
        return managers;
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
        try (DeviceBatch copied = DeviceFeed.copy(batch, replicaManagers())) {
            return step(step, copied, frozen, pcGrad);
        }
    }

    /** {@link #step(long, HostBatch, boolean, boolean)} on a batch already on the devices (not closed here). */
    StepResult step(long step, DeviceBatch batch, boolean frozen, boolean pcGrad) {
        if (network.isEncoderFrozen() != frozen) {
            network.setEncoderFrozen(frozen);
        }
        replicas.setEncoderFrozen(frozen);
        int[] counts = new int[tasks.size()];
        for (long task : batch.host().tasks()) {
            counts[(int) task]++;
        }
        GradientPlan plan = GradientPlan.headScaling(groups, countsByName(counts), batch.host().count());
        if (!headScaling) {
            plan = new GradientPlan(Map.of(), plan.skipped());
        }
        scaling.setPlan(frozen ? plan.withEncoderFrozen(groups) : plan);
        optimizer.setStep(step);
        Engine.getInstance().setRandomSeed(seedOf(seed, step));
        replicas.primeGradients(trainer, network);
        StepResult result = pcGrad && !frozen ? pcGradBackward(step, batch, counts) : backward(batch);
        trainer.step();
        replicas.broadcast(network, false);
        return result;
    }

    /** The trainer of replica {@code k} (0: this session's own). */
    private Trainer trainerOf(int k) {
        return k == 0 ? trainer : replicas.list().get(k - 1).trainer();
    }

    /** Every replica back-propagates its shard, its loss weighted by the shard's share; gradients summed. */
    private StepResult backward(DeviceBatch batch) {
        StepResult total = null;
        for (int k = 0; k < batch.shards().size(); k++) {
            if (batch.shardSize(k) == 0) {
                continue;
            }
            Batch shard = batch.shards().get(k);
            Trainer replica = trainerOf(k);
            try (GradientCollector collector = replica.newGradientCollector()) {
                NDList output = replica.forward(new NDList(shard.images(), shard.tasks()));
                MultiTaskLoss.Terms terms = MultiTaskLoss.terms(MultiTaskOutput.of(output), shard.labels());
                NDArray loss = batch.shards().size() == 1 ? terms.loss()
                        : Scalars.mul(terms.loss(), (double) batch.shardSize(k) / batch.host().count());
                collector.backward(loss);
                total = plus(total, read(loss, terms));
            }
        }
        replicas.reduceInto(network);
        return total;
    }

    private static StepResult plus(StepResult a, StepResult b) {
        if (a == null) {
            return b;
        }
        double[] sums = a.taskLossSums().clone();
        int[] counts = a.counts().clone();
        int[] correct = a.correct().clone();
        for (int t = 0; t < sums.length; t++) {
            sums[t] += b.taskLossSums()[t];
            counts[t] += b.counts()[t];
            correct[t] += b.correct()[t];
        }
        return new StepResult(a.loss() + b.loss(), sums, counts, correct);
    }

    private StepResult pcGradBackward(long step, DeviceBatch batch, int[] counts) {
        float[] before = new float[encoderSize()];
        List<float[]> perTask = new ArrayList<>();
        double[] sums = new double[tasks.size()];
        int[] correct = new int[tasks.size()];
        double loss = 0;
        long[] taskOf = batch.host().tasks();
        for (int t = 0; t < tasks.size(); t++) {
            if (counts[t] == 0) {
                continue;
            }
            for (int k = 0; k < batch.shards().size(); k++) {
                long[] rowsOfTask = rowsOf(taskOf, t, batch.starts()[k], batch.starts()[k + 1]);
                if (rowsOfTask.length == 0) {
                    continue;
                }
                Batch shard = batch.shards().get(k);
                Trainer replica = trainerOf(k);
                NDArray rows = shard.manager().create(rowsOfTask);
                try (GradientCollector collector = replica.newGradientCollector()) {
                    NDList output = replica.forward(new NDList(shard.images().get(rows), shard.tasks().get(rows)));
                    MultiTaskLoss.Terms terms = MultiTaskLoss.terms(MultiTaskOutput.of(output),
                            shard.labels().get(rows));
                    NDArray share = Scalars.div(terms.taskSums().get(t), taskOf.length);
                    collector.backward(share);
                    StepResult part = read(share, terms);
                    sums[t] += part.taskLossSums()[t];
                    correct[t] += part.correct()[t];
                    loss += part.loss();
                }
            }
            replicas.reduceInto(network);
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

    /** The rows of {@code task} among host rows {@code from..to-1}, counted from {@code from}. */
    private static long[] rowsOf(long[] taskOf, int task, int from, int to) {
        return IntStream.range(from, to).filter(i -> taskOf[i] == task).mapToLong(i -> i - from).toArray();
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
        replicas.broadcast(network, true);
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
        replicas.broadcast(network, true);
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
            replicas.close();
            trainer.close();
            optimizer.close();
        } finally {
            model.close();
        }
    }
}

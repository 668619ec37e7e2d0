package org.histo4j.model.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.histo4j.model.Encoders;
import org.histo4j.model.InferenceParameters;
import org.histo4j.model.Precision;
import org.histo4j.model.TaskHead;

/**
 * Times a histo4j encoder with a {@link BenchConfig#CLASSES}-class linear head on DJL, the way
 * {@code environment/bench_pytorch.py} times torchvision: a fresh network per size, one random float32 batch
 * (normal images, uniform labels) reused by every step, {@code warmup} untimed steps (plus steps until the JIT
 * is quiet, see {@link #MAX_JIT_STEPS}), then {@code iterations} timed ones. A training step is forward,
 * softmax cross-entropy, backward and SGD (learning rate 0.01, momentum 0.9) with the optimiser given to the
 * constructor ({@code histo4j bench train} gives pre-training's own); an inference step is a forward pass in inference mode without gradients, reading the parameters through
 * {@link InferenceParameters} as feature extraction does (so with channels-last kernels on the CPU). Each
 * step runs in its own sub-manager, so memory does not grow with the number of steps. Throughput is
 * {@code batch x iterations / seconds}.
 */
public final class DjlBenchmark {

    /** The engine name in results. */
    public static final String ENGINE = "histo4j";

    /** The most warm-up steps added to wait for the JIT to finish compiling. */
    public static final int MAX_JIT_STEPS = 30;

    /** The learning rate of the timed SGD steps. */
    public static final float LEARNING_RATE = 0.01f;

    /** The momentum of the timed SGD steps. */
    public static final float MOMENTUM = 0.9f;

    private final BenchConfig config;
    private final Device device;
    private final Function<NDManager, Optimizer> optimizer;

    /**
     * A benchmark of {@code config} on {@code device} (e.g. {@code Engine.getInstance().defaultDevice()}) whose
     * training steps update with the optimiser {@code optimizer} makes for each size (its state may live in the
     * manager it is given); it should be SGD at {@link #LEARNING_RATE} with {@link #MOMENTUM}, as the PyTorch side
     * is.
     */
    public DjlBenchmark(BenchConfig config, Device device, Function<NDManager, Optimizer> optimizer) {
        if (config == null || device == null || optimizer == null) {
            throw new IllegalArgumentException("benchmark needs a config, a device and an optimiser, got " + config
                    + ", " + device + ", " + optimizer);
        }
        this.config = config;
        this.device = device;
        this.optimizer = optimizer;
    }

    /** Runs every size of the configuration in order. */
    public List<BenchResult> run() {
        List<BenchResult> results = new ArrayList<>();
        for (int size : config.sizes()) {
            results.add(run(size));
        }
        return results;
    }

    /** Runs one size: builds and initialises the network, counts its FLOPs, warms up and times. */
    public BenchResult run(int size) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Block network = network(manager, size);
            long flops = FlopCount.forwardPerImage(network) * config.mode().flopMultiplier();
            Step step = config.mode() == BenchMode.TRAIN ? new TrainStep(network, manager, optimizer.apply(manager))
                    : new InferStep(network, manager);
            NDArray images = manager.randomNormal(new Shape(config.batch(), 3, size, size));
            NDArray labels = manager.randomInteger(0, BenchConfig.CLASSES, new Shape(config.batch()), DataType.INT64);
            int warmupSteps = warmUp(step, images, labels);
            long start = System.nanoTime();
            for (int i = 0; i < config.iterations(); i++) {
                step.run(images, labels);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return BenchResult.of(ENGINE, config, size, warmupSteps, (long) config.batch() * config.iterations(),
                    seconds, flops);
        }
    }

    /**
     * Runs the configured warm-up steps, then more (at most {@link #MAX_JIT_STEPS}) until one step passes without
     * the JIT compiling: on two cores, C2 compiler threads take a core from libtorch's spinning OpenMP threads and
     * make early steps several times slower, a start-up cost PyTorch does not have. Returns the steps run.
     */
    private int warmUp(Step step, NDArray images, NDArray labels) {
        for (int i = 0; i < config.warmup(); i++) {
            step.run(images, labels);
        }
        int steps = config.warmup();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported() || config.warmup() == 0) {
            return steps;
        }
        for (int extra = 0; extra < MAX_JIT_STEPS; extra++) {
            long compiling = jit.getTotalCompilationTime();
            step.run(images, labels);
            steps++;
            if (jit.getTotalCompilationTime() == compiling) {
                break;
            }
        }
        return steps;
    }

    private Block network(NDManager manager, int size) {
        Block network = new SequentialBlock().add(Encoders.create(config.architecture()).block())
                .add(TaskHead.linear(BenchConfig.CLASSES).block());
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        return network;
    }

    /** One timed unit of work on a batch; results must be complete when it returns. */
    private interface Step {
        void run(NDArray images, NDArray labels);
    }

    private static final class InferStep implements Step {
        private final Block network;
        private final ParameterStore store;

        InferStep(Block network, NDManager manager) {
            this.network = network;
            this.store = new InferenceParameters(manager, Precision.FP32);
        }

        @Override
        public void run(NDArray images, NDArray labels) {
            try (NDManager step = images.getManager().newSubManager()) {
                images.tempAttach(step);
                NDArray logits = network.forward(store, new NDList(images), false).singletonOrThrow();
                logits.toFloatArray();
            }
        }
    }

    private static final class TrainStep implements Step {
        private final Block network;
        private final ParameterStore store;
        private final Loss loss = Loss.softmaxCrossEntropyLoss();
        private final Optimizer optimizer;
        private final List<Parameter> trainable = new ArrayList<>();

        TrainStep(Block network, NDManager manager, Optimizer optimizer) {
            this.network = network;
            this.optimizer = optimizer;
            this.store = new ParameterStore(manager, false);
            for (Pair<String, Parameter> pair : network.getParameters()) {
                if (pair.getValue().requiresGradient()) {
                    trainable.add(pair.getValue());
                }
            }
        }

        @Override
        public void run(NDArray images, NDArray labels) {
            try (NDManager step = images.getManager().newSubManager()) {
                images.tempAttach(step);
                labels.tempAttach(step);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = network.forward(store, new NDList(images), true).singletonOrThrow();
                    collector.backward(loss.evaluate(new NDList(labels), new NDList(logits)));
                }
                for (Parameter parameter : trainable) {
                    NDArray weight = parameter.getArray();
                    try (NDArray gradient = weight.getGradient()) {
                        optimizer.update(parameter.getId(), weight, gradient);
                    }
                }
                trainable.getLast().getArray().toFloatArray();
            }
        }
    }
}

package org.histo4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.nn.Parameter;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One epoch of supervised training, the loop every epoch-based fit of histo4j runs (fine-tuning, slide
 * classifiers, top-k fine-tuning): shuffle the examples in place, cut them into mini-batches, and for each batch
 * forward, the trainer's own loss on the first output, backward and one optimiser step. Every array of a step
 * lives in a sub-manager of the trainer's manager closed at the end of the step (see the step pattern in the
 * package documentation). A loss that is not a finite number, or parameters that are not after the epoch, stop
 * training with a {@link DivergedException}.
 *
 * <pre>{@code
 * try (Trainer trainer = model.newTrainer(EpochLoop.classifierConfig(OptimizerKind.ADAM.fixedRate(2e-4f, 1e-5f),
 *         device))) {
 *     trainer.initialize(shapes);
 *     Random order = new Random(seed);
 *     List<Bag> bags = new ArrayList<>(train);
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         double meanLoss = EpochLoop.run(trainer, bags, batchSize, order,
 *                 (scope, batch) -> new EpochLoop.Batch(inputs(scope, batch), labels(scope, batch)));
 *     }
 * }
 * }</pre>
 */
public final class EpochLoop {

    private EpochLoop() {}

    /**
     * A mini-batch as the network and the loss see it.
     *
     * @param inputs the network's inputs
     * @param labels the loss's labels (class indices for the softmax cross-entropy)
     */
    public record Batch(NDList inputs, NDList labels) {}

    /** Turns the examples of one mini-batch into arrays created in {@code scope}. */
    @FunctionalInterface
    public interface Batcher<T> {

        /** The inputs and labels of {@code examples}, their arrays in {@code scope}. */
        Batch batch(NDManager scope, List<T> examples);
    }

    /**
     * The training configuration of a classifier: the mean softmax cross-entropy of the logits (the network's first
     * output) against class indices, L = −(1/B) Σ<sub>i</sub> log softmax(z<sub>i</sub>)<sub>y<sub>i</sub></sub>,
     * minimised by {@code optimizer} on {@code device}.
     */
    public static DefaultTrainingConfig classifierConfig(Optimizer optimizer, Device device) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
        return config(new Loss("logits_cross_entropy") {
            @Override
            public NDArray evaluate(NDList labels, NDList outputs) {
                return crossEntropy.evaluate(labels, new NDList(outputs.get(0)));
            }
        }, optimizer, device);
    }

    /**
     * A training configuration whose {@code loss} receives the labels and every output of the network (e.g. CLAM's
     * loss, which also uses attention and instance logits), minimised by {@code optimizer} on {@code device}.
     */
    public static DefaultTrainingConfig config(Loss loss, Optimizer optimizer, Device device) {
        return new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(new Device[] {device});
    }

    /**
     * Shuffles {@code examples} in place with {@code random}, then trains on consecutive mini-batches of
     * {@code batchSize} (the last one may be smaller); returns the mean training loss over the examples.
     *
     * @throws DivergedException when a batch's loss, or a parameter after the epoch, is NaN or infinite
     */
    public static <T> double run(Trainer trainer, List<T> examples, int batchSize, Random random,
            Batcher<T> batcher) {
        if (examples.isEmpty() || batchSize < 1) {
            throw new IllegalArgumentException("an epoch needs examples and batchSize >= 1, got " + examples.size()
                    + " examples and batchSize " + batchSize);
        }
        Collections.shuffle(examples, random);
        double sum = 0;
        double lastFinite = Double.NaN;
        for (int start = 0; start < examples.size(); start += batchSize) {
            List<T> batch = examples.subList(start, Math.min(examples.size(), start + batchSize));
            double loss = step(trainer, batcher, batch);
            if (!Double.isFinite(loss)) {
                throw new DivergedException("batch " + (start / batchSize + 1) + " of an epoch", "all",
                        "the loss is " + DivergedException.nonFinite(loss), lastFinite);
            }
            lastFinite = loss;
            sum += loss * batch.size();
        }
        if (!finite(trainer.getModel().getBlock().getParameters().values())) {
            throw new DivergedException("the end of an epoch", "all", "the parameters are no longer finite",
                    lastFinite);
        }
        return sum / examples.size();
    }

    /** Whether every initialised parameter among {@code parameters} holds finite numbers only. */
    public static boolean finite(Collection<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (!parameter.isInitialized()) {
                continue;
            }
            NDArray array = parameter.getArray();
            try (NDArray nan = array.isNaN(); NDArray infinite = array.isInfinite();
                    NDArray either = nan.logicalOr(infinite); NDArray any = either.any()) {
                if (any.getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static <T> double step(Trainer trainer, Batcher<T> batcher, List<T> examples) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            Batch batch = batcher.batch(scope, examples);
            double value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList outputs = trainer.forward(batch.inputs());
                NDArray loss = trainer.getLoss().evaluate(batch.labels(), outputs);
                value = loss.getFloat();
                collector.backward(loss);
            }
            trainer.step();
            return value;
        }
    }
}

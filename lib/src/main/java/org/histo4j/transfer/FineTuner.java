package org.histo4j.transfer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.image.ImagePipeline;
import org.histo4j.data.source.MemoizedSource;
import org.histo4j.model.Encoder;
import org.histo4j.train.EpochLoop;
import org.histo4j.train.optim.OptimizerKind;

/**
 * Fine-tuning: a new linear head on a pre-trained encoder, trained with the whole encoder or only the encoder
 * parameters whose PyTorch names start with given prefixes (e.g. {@code layer4}), batch norm frozen (running
 * statistics kept, inference-mode normalisation) or not, with SGD (momentum 0.9) or Adam, and light
 * label-preserving augmentation (random flips and 90-degree rotations of each training image). Images take the
 * encoder's own {@link Encoder#preprocessing()} path (at {@code optInputSize} when set), the training images with
 * the flips and rotations of {@link Augmentation}; decoded images are kept in a {@link MemoizedSource}.
 *
 * <p>Loss: the mean cross-entropy, L = &minus;(1/B) &Sigma;<sub>i</sub> log softmax(z<sub>i</sub>)<sub>y<sub>i</sub></sub>.
 * The training rows are split by group ({@link GroupKFold}, about {@code validationFraction} of the groups held
 * out) into a training part and a validation part; after each epoch the validation metric (default accuracy) is
 * measured and the weights of the best epoch (the earliest among ties) are restored before predicting the test
 * rows. So no group of the test rows is seen, and the epoch is chosen without them. Each fit starts from a fresh
 * encoder made by the factory, so folds and seeds never share trained weights.
 *
 * <pre>{@code
 * FineTuner tuner = FineTuner.builder()
 *         .setEncoders(manager -> resolver.create(EncoderSpec.parse("nic"), manager))
 *         .optEpochs(5).optOptimizer(OptimizerKind.ADAM).optLearningRate(1e-3f).build();
 * FineTuner.Outcome outcome = tuner.fit(source, fold.train(), fold.test(), seed);
 * }</pre>
 */
public final class FineTuner {

    /**
     * What one fit produced.
     *
     * @param test the predictions on the test rows with the weights of the best epoch
     * @param bestEpoch the epoch kept, from 0
     * @param trainLoss the mean training loss of each epoch
     * @param validationScore the validation metric after each epoch
     * @param trainRows the rows trained on
     * @param validationRows the rows the epoch was chosen on
     */
    public record Outcome(Predictions test, int bestEpoch, List<Double> trainLoss, List<Double> validationScore,
            int[] trainRows, int[] validationRows) {

        /** Copies the lists. */
        public Outcome {
            trainLoss = List.copyOf(trainLoss);
            validationScore = List.copyOf(validationScore);
        }
    }

    private final Function<NDManager, Encoder> encoders;
    private final List<String> trainablePrefixes;
    private final boolean batchNormFrozen;
    private final OptimizerKind optimizer;
    private final float learningRate;
    private final float weightDecay;
    private final int epochs;
    private final int batchSize;
    private final double validationFraction;
    private final Metric selectionMetric;
    private final int inputSize;
    private final Device device;

    private FineTuner(Builder b) {
        this.encoders = b.encoders;
        this.trainablePrefixes = List.copyOf(b.trainablePrefixes);
        this.batchNormFrozen = b.batchNormFrozen;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.validationFraction = b.validationFraction;
        this.selectionMetric = b.selectionMetric;
        this.inputSize = b.inputSize;
        this.device = b.device != null ? b.device : Engine.getInstance().defaultDevice();
    }

    /** Starts a builder; {@code setEncoders} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mode written in results: {@code finetune}, or {@code finetune@layer4} when only some blocks train. */
    public String mode() {
        return trainablePrefixes.isEmpty() ? "finetune" : "finetune@" + String.join("+", trainablePrefixes);
    }

    /** The number of epochs. */
    public int epochs() {
        return epochs;
    }

    /**
     * Fine-tunes on the {@code train} rows of {@code source} (split by group into training and validation parts)
     * and predicts the {@code test} rows with the weights of the best validation epoch.
     */
    public Outcome fit(ImageSource source, int[] train, int[] test, long seed) {
        seedEngine(seed);
        try (NDManager encoderManager = NDManager.newBaseManager(device)) {
            Encoder encoder = encoders.apply(encoderManager);
            try (encoder) {
                return run(encoder, source, train, test, seed);
            }
        }
    }

    /**
     * Fine-tunes a fresh encoder, made in {@code manager}, on the {@code train} rows (the epoch chosen on their
     * validation part) and returns it with the weights of the best epoch, e.g. to compare it with the frozen
     * encoder by CKA; the head is dropped. The caller closes the manager (and a TorchScript encoder).
     */
    public Tuned tune(ImageSource source, int[] train, long seed, NDManager manager) {
        seedEngine(seed);
        Encoder encoder = encoders.apply(manager);
        return new Tuned(encoder, run(encoder, source, train, new int[0], seed));
    }

    /**
     * A fine-tuned encoder and how its fit went.
     *
     * @param encoder the encoder with the weights of the best validation epoch
     * @param outcome the learning curve and chosen epoch (no test rows)
     */
    public record Tuned(Encoder encoder, Outcome outcome) {}

    /**
     * Seeds the engine from the fit's seed before the factory makes the encoder, so that a randomly initialised
     * encoder (and then the head) starts from the same weights whatever ran earlier in the JVM.
     */
    private static void seedEngine(long seed) {
        Engine.getInstance().setRandomSeed((int) LinearProbe.derive(seed, 17));
    }

    private Outcome run(Encoder encoder, ImageSource source, int[] train, int[] test, long seed) {
        int[][] parts = GroupKFold.holdOut(source, train, validationFraction, LinearProbe.derive(seed, 31));
        try (Model model = Model.newInstance("fine-tune", device)) {
            FineTunedClassifier network = new FineTunedClassifier(encoder, source.classCount(), batchNormFrozen);
            model.setBlock(network);
            network.freezeAllBut(trainablePrefixes);
            DefaultTrainingConfig config = EpochLoop.classifierConfig(optimizer.fixedRate(learningRate, weightDecay),
                    device);
            int size = inputSize > 0 ? inputSize : encoder.inputSize();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, size, size));
                return train(trainer, network, new Images(source, encoder.preprocessing().withSize(size)), parts, test,
                        seed);
            }
        }
    }

    private Outcome train(Trainer trainer, FineTunedClassifier network, Images images, int[][] parts, int[] test,
            long seed) {
        Random random = new Random(seed);
        List<Double> losses = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        int bestEpoch = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        try (NDManager keep = trainer.getManager().newSubManager()) {
            List<NDArray> best = null;
            for (int epoch = 0; epoch < epochs; epoch++) {
                losses.add(epoch(trainer, images, parts[0], random));
                Predictions validation = network.predict(trainer.getManager(), images::batch, parts[1], batchSize);
                double score = validation.evaluate(selectionMetric, images.labels());
                scores.add(score);
                if (score > bestScore || bestEpoch < 0) {
                    bestScore = score;
                    bestEpoch = epoch;
                    best = network.snapshot(keep, best);
                }
            }
            network.restore(best);
            Predictions predictions = network.predict(trainer.getManager(), images::batch, test, batchSize);
            return new Outcome(predictions, bestEpoch, losses, scores, parts[0], parts[1]);
        }
    }

    /** One epoch on the {@code rows} in an order drawn from {@code random}; the mean training loss. */
    private double epoch(Trainer trainer, Images images, int[] rows, Random random) {
        List<Integer> order = IntStream.of(rows).boxed().collect(Collectors.toCollection(ArrayList::new));
        return EpochLoop.run(trainer, order, batchSize, random, (scope, batch) -> {
            int[] picked = batch.stream().mapToInt(Integer::intValue).toArray();
            NDArray x = images.batch(scope, picked, new SplittableRandom(random.nextLong()));
            long[] labels = IntStream.of(picked).mapToLong(r -> images.labels()[r]).toArray();
            return new EpochLoop.Batch(new NDList(x), new NDList(scope.create(labels)));
        });
    }

    /**
     * The rows of a source through the image path: decoded images kept by a {@link MemoizedSource} within a budget
     * of 512 MB, prepared by the encoder's pipeline on each use, with flips and rotations for training batches.
     */
    private static final class Images {
        private static final long BUDGET_BYTES = 512L << 20;
        private final ImageSource source;
        private final ImagePipeline evaluation;
        private final ImagePipeline training;
        private final int[] labels;

        Images(ImageSource source, ImagePipeline evaluation) {
            this.source = source instanceof MemoizedSource ? source : MemoizedSource.of(source, BUDGET_BYTES);
            this.evaluation = evaluation;
            this.training = evaluation.withAugmentation(Augmentation.builder().setSize(evaluation.size()).optFlips()
                    .optRotations().build());
            this.labels = source.labels();
        }

        int[] labels() {
            return labels;
        }

        /** A batch of prepared images without augmentation, for validation and test predictions. */
        NDArray batch(NDManager manager, int[] rows) {
            return batch(manager, rows, null);
        }

        /** A batch of prepared images; augmented with draws from {@code rng}, or not when it is null. */
        NDArray batch(NDManager manager, int[] rows, SplittableRandom rng) {
            ImagePipeline pipeline = rng == null ? evaluation : training;
            int size = pipeline.size();
            int plane = 3 * size * size;
            float[] data = new float[rows.length * plane];
            for (int i = 0; i < rows.length; i++) {
                pipeline.write(source.read(rows[i]), rng == null ? new SplittableRandom(0) : rng, data, i * plane);
            }
            return manager.create(data, new Shape(rows.length, 3, size, size));
        }
    }

    /** Configures a {@link FineTuner}. */
    public static final class Builder {
        private Function<NDManager, Encoder> encoders;
        private List<String> trainablePrefixes = List.of();
        private boolean batchNormFrozen;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private float learningRate = 1e-3f;
        private float weightDecay = 1e-4f;
        private int epochs = 5;
        private int batchSize = 32;
        private double validationFraction = 0.2;
        private Metric selectionMetric = Metric.ACCURACY;
        private int inputSize;
        private Device device;

        private Builder() {}

        /** Makes a fresh pre-trained, initialised encoder in the given manager for each fit (required). */
        public Builder setEncoders(Function<NDManager, Encoder> encoders) {
            this.encoders = encoders;
            return this;
        }

        /** Train only encoder parameters whose names start with one of these prefixes, e.g. {@code layer4} (default: all). */
        public Builder optTrainableBlocks(List<String> prefixes) {
            this.trainablePrefixes = List.copyOf(prefixes);
            return this;
        }

        /** Keep batch-norm statistics fixed and normalise with them (default false). */
        public Builder optBatchNormFrozen(boolean frozen) {
            this.batchNormFrozen = frozen;
            return this;
        }

        /** SGD with momentum (default) or Adam. */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Learning rate (default 1e-3). */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Weight decay (default 1e-4). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Epochs (default 5). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Images per step (default 32). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Share of the training groups held out to choose the epoch (default 0.2). */
        public Builder optValidationFraction(double fraction) {
            this.validationFraction = fraction;
            return this;
        }

        /** The validation metric choosing the epoch (default accuracy). */
        public Builder optSelectionMetric(Metric metric) {
            this.selectionMetric = metric;
            return this;
        }

        /**
         * The side images are resized to (default 0: the encoder's own input size). Fully convolutional encoders
         * (ResNet, DenseNet) accept other sizes, e.g. 64 px synthetic patches without upscaling to 224.
         */
        public Builder optInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** The device (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Validates and builds, naming the first bad setting. */
        public FineTuner build() {
            if (encoders == null) {
                throw new IllegalArgumentException("encoders: setEncoders(...) is required");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
            }
            if (inputSize < 0) {
                throw new IllegalArgumentException("inputSize must be >= 0 (0: the encoder's), got " + inputSize);
            }
            if (selectionMetric == null || optimizer == null) {
                throw new IllegalArgumentException("selectionMetric and optimizer must not be null");
            }
            return new FineTuner(this);
        }
    }
}

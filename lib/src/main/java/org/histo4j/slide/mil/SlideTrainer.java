package org.histo4j.slide.mil;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.histo4j.train.EpochLoop;
import org.histo4j.train.optim.OptimizerKind;

/**
 * Trains a slide classifier from slide labels alone: mini-batches of whole slides, softmax cross-entropy on the
 * slide logits (or another {@link Loss} of all model outputs), Adam with weight decay. The same seed gives the
 * same model (the engine's generator, the weight initialisation and the slide order are all seeded).
 *
 * <pre>{@code
 * SlideTrainer trainer = SlideTrainer.builder().setModel(() -> AttentionMil.builder().build()).optEpochs(40).build();
 * try (TrainedSlideModel model = trainer.fit(trainBags)) {
 *     List<SlidePrediction> predictions = model.predict(testBags);
 * }
 * }</pre>
 */
public final class SlideTrainer {

    private final Supplier<? extends Block> model;
    private final SlideInputs inputs;
    private final Loss loss;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final float weightDecay;
    private final long seed;
    private final Device device;

    private SlideTrainer(Builder builder) {
        this.model = builder.model;
        this.inputs = builder.inputs;
        this.loss = builder.loss;
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.learningRate = builder.learningRate;
        this.weightDecay = builder.weightDecay;
        this.seed = builder.seed;
        this.device = builder.device != null ? builder.device : Engine.getInstance().defaultDevice();
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed of this trainer. */
    public long seed() {
        return seed;
    }

    /** The same trainer with another seed. */
    public SlideTrainer withSeed(long newSeed) {
        return toBuilder().optSeed(newSeed).build();
    }

    /** Trains a new model on these slides; the caller closes the result. */
    public TrainedSlideModel fit(List<Bag> train) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no slides to train on");
        }
        Engine.getInstance().setRandomSeed((int) seed);
        Block block = model.get();
        Model djlModel = Model.newInstance("slide-classifier", device);
        djlModel.setBlock(block);
        DefaultTrainingConfig config = EpochLoop.config(loss, OptimizerKind.ADAM.fixedRate(learningRate,
                weightDecay), device);
        try (Trainer trainer = djlModel.newTrainer(config)) {
            try (NDManager init = trainer.getManager().newSubManager()) {
                NDList shapes = inputs.inputs(init, train.subList(0, 1));
                trainer.initialize(shapes.getShapes());
            }
            Random order = new Random(seed);
            List<Bag> shuffled = new ArrayList<>(train);
            for (int epoch = 0; epoch < epochs; epoch++) {
                EpochLoop.run(trainer, shuffled, batchSize, order, (scope, batch) -> new EpochLoop.Batch(
                        inputs.inputs(scope, batch), new NDList(BagBatch.labels(scope, batch))));
            }
        } catch (RuntimeException e) {
            djlModel.close();
            throw e;
        }
        return new TrainedSlideModel(djlModel, inputs);
    }

    private Builder toBuilder() {
        Builder builder = new Builder().setModel(model).optInputs(inputs).optLoss(loss).optEpochs(epochs)
                .optBatchSize(batchSize).optLearningRate(learningRate).optWeightDecay(weightDecay).optSeed(seed);
        builder.device = device;
        return builder;
    }

    /** Configures a {@link SlideTrainer}. */
    public static final class Builder {
        private Supplier<? extends Block> model;
        private SlideInputs inputs = SlideInputs.BAGS;
        private Loss loss = new SlideLoss();
        private int epochs = 40;
        private int batchSize = 4;
        private float learningRate = 2e-4f;
        private float weightDecay = 1e-5f;
        private long seed = 1;
        private Device device;

        private Builder() {}

        /** Makes a fresh, untrained model for each fit (required). */
        public Builder setModel(Supplier<? extends Block> model) {
            this.model = model;
            return this;
        }

        /** How slides become inputs (default padded bags). */
        public Builder optInputs(SlideInputs inputs) {
            this.inputs = inputs;
            return this;
        }

        /**
         * The loss, given the slide labels and every model output (default {@link SlideLoss}, cross-entropy of the
         * logits; {@link ClamLoss} for CLAM).
         */
        public Builder optLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** Passes over the training slides (default 40). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Slides per step (default 4). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Adam's learning rate (default 2e-4, as CLAM). */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Adam's weight decay (default 1e-5, as CLAM). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Seed of initialisation, dropout and slide order (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device to train on (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Builds the trainer. */
        public SlideTrainer build() {
            if (model == null) {
                throw new IllegalArgumentException("model: setModel(...) is required");
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batchSize must be positive, got " + epochs + " and "
                        + batchSize);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate: must be positive, got " + learningRate);
            }
            return new SlideTrainer(this);
        }
    }
}

package org.histo4j.slide.mil;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.histo4j.model.Encoder;
import org.histo4j.slide.heatmap.Heatmap;
import org.histo4j.train.EpochLoop;
import org.histo4j.train.optim.OptimizerKind;

/**
 * Top-k fine-tuning (HistoTransfer, Kalra et al.): take the k tiles a trained attention model weighs most in each
 * slide, then fine-tune the encoder and the attention head end to end on them from slide labels, with batch norm
 * frozen and a small learning rate. The encoder and the attention model passed in are trained in place.
 *
 * <pre>{@code
 * List<SlideTiles> topTiles = TopKFineTuner.selectTopK(allTiles, attentionWeights, 64);
 * try (TopKFineTuner tuner = TopKFineTuner.builder().setEncoder(encoder).setAttention(abmil).build()) {
 *     tuner.fit(topTiles);
 *     List<SlidePrediction> predictions = tuner.predict(testTiles);
 * }
 * }</pre>
 */
public final class TopKFineTuner implements AutoCloseable {

    private final EncodedAttentionMil network;
    private final Model model;
    private final Encoder encoder;
    private final int epochs;
    private final int slidesPerStep;
    private final float learningRate;
    private final float weightDecay;
    private final long seed;
    private final Device device;
    private final Consumer<String> log;

    private TopKFineTuner(Builder b) {
        this.encoder = b.encoder;
        this.network = new EncodedAttentionMil(b.encoder, b.attention, b.batchNormFrozen);
        this.epochs = b.epochs;
        this.slidesPerStep = b.slidesPerStep;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
        this.device = b.device != null ? b.device : Engine.getInstance().defaultDevice();
        this.log = b.log;
        this.model = Model.newInstance("top-k", device);
        model.setBlock(network);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Keeps each slide's {@code k} tiles of largest attention weight ({@code weights.get(i)} per tile of slide i). */
    public static List<SlideTiles> selectTopK(List<SlideTiles> slides, List<float[]> weights, int k) {
        if (slides.size() != weights.size()) {
            throw new IllegalArgumentException(slides.size() + " slides but " + weights.size() + " weight vectors");
        }
        List<SlideTiles> selected = new ArrayList<>(slides.size());
        for (int i = 0; i < slides.size(); i++) {
            SlideTiles slide = slides.get(i);
            if (weights.get(i).length != slide.tiles().size()) {
                throw new IllegalArgumentException("slide " + slide.slideId() + ": " + slide.tiles().size()
                        + " tiles but " + weights.get(i).length + " weights");
            }
            List<BufferedImage> top = new ArrayList<>();
            for (int index : Heatmap.topK(weights.get(i), k)) {
                top.add(slide.tiles().get(index));
            }
            selected.add(new SlideTiles(slide.slideId(), slide.group(), slide.label(), top));
        }
        return selected;
    }

    /** Fine-tunes on the slides' tiles; returns the mean training loss of each epoch. */
    public List<Double> fit(List<SlideTiles> slides) {
        Engine.getInstance().setRandomSeed((int) seed);
        List<Double> losses = new ArrayList<>();
        DefaultTrainingConfig config = EpochLoop.classifierConfig(OptimizerKind.ADAM.fixedRate(learningRate,
                weightDecay), device);
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(1, 3, encoder.inputSize(), encoder.inputSize()), new Shape(1, 1));
            Random order = new Random(seed);
            List<SlideTiles> shuffled = new ArrayList<>(slides);
            for (int epoch = 0; epoch < epochs; epoch++) {
                losses.add(EpochLoop.run(trainer, shuffled, slidesPerStep, order, this::batch));
                log.accept(String.format(Locale.ROOT, "epoch %d/%d: mean training loss %.4f", epoch + 1, epochs,
                        losses.getLast()));
            }
        }
        return losses;
    }

    private EpochLoop.Batch batch(NDManager scope, List<SlideTiles> slides) {
        long[] labels = slides.stream().mapToLong(SlideTiles::label).toArray();
        return new EpochLoop.Batch(inputs(scope, slides), new NDList(scope.create(labels)));
    }

    /** Predicts each slide from its tiles with the fine-tuned encoder and head, in inference mode. */
    public List<SlidePrediction> predict(List<SlideTiles> slides) {
        List<SlidePrediction> predictions = new ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (SlideTiles slide : slides) {
                try (NDManager one = manager.newSubManager()) {
                    NDList out = network.forward(store, inputs(one, List.of(slide)), false);
                    predictions.add(new SlidePrediction(slide.slideId(), slide.group(), slide.label(),
                            out.get(0).softmax(1).toFloatArray(), out.get(1).toFloatArray()));
                }
            }
        }
        return predictions;
    }

    /** Releases what fine-tuning created (optimiser state, a head initialised here); the encoder stays usable. */
    @Override
    public void close() {
        model.close();
    }

    /**
     * Images of all slides through the encoder's {@link Encoder#preprocessing()}, each slide padded with blank
     * tiles to the longest (mask 0), and the mask.
     */
    private NDList inputs(NDManager manager, List<SlideTiles> batch) {
        int k = batch.stream().mapToInt(s -> s.tiles().size()).max().orElseThrow();
        int size = encoder.inputSize();
        List<BufferedImage> images = new ArrayList<>(batch.size() * k);
        float[] mask = new float[batch.size() * k];
        BufferedImage blank = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int b = 0; b < batch.size(); b++) {
            List<BufferedImage> tiles = batch.get(b).tiles();
            for (int t = 0; t < k; t++) {
                images.add(t < tiles.size() ? tiles.get(t) : blank);
                mask[b * k + t] = t < tiles.size() ? 1 : 0;
            }
        }
        NDArray prepared = manager.create(encoder.preprocessing().tensor(images),
                new Shape(images.size(), 3, size, size));
        return new NDList(prepared, manager.create(mask, new Shape(batch.size(), k)));
    }

    /** Configures a {@link TopKFineTuner}. */
    public static final class Builder {
        private Encoder encoder;
        private AttentionMil attention;
        private boolean batchNormFrozen = true;
        private int epochs = 5;
        private int slidesPerStep = 2;
        private float learningRate = 1e-5f;
        private float weightDecay = 1e-4f;
        private long seed = 1;
        private Device device;
        private Consumer<String> log = line -> { };

        private Builder() {}

        /** The (pre-trained, initialised) encoder the bags were made with (required). */
        public Builder setEncoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** The trained attention model whose head is fine-tuned (required). */
        public Builder setAttention(AttentionMil attention) {
            this.attention = attention;
            return this;
        }

        /** Keep batch-norm statistics fixed (default true, as HistoTransfer). */
        public Builder optBatchNormFrozen(boolean frozen) {
            this.batchNormFrozen = frozen;
            return this;
        }

        /** Passes over the slides (default 5). */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Slides per optimisation step (default 2). */
        public Builder optSlidesPerStep(int slidesPerStep) {
            this.slidesPerStep = slidesPerStep;
            return this;
        }

        /** Adam's learning rate (default 1e-5: small, the encoder is already trained). */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Adam's weight decay (default 1e-4). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Seed of slide order and dropout (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Receives one line per epoch, with its mean training loss (default: nothing). */
        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** Builds the fine-tuner. */
        public TopKFineTuner build() {
            if (encoder == null || attention == null) {
                throw new IllegalArgumentException("setEncoder(...) and setAttention(...) are required");
            }
            if (epochs < 1 || slidesPerStep < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs, slidesPerStep and learningRate must be positive");
            }
            return new TopKFineTuner(this);
        }
    }
}

package org.histo4j.train;

import java.util.List;
import java.util.Locale;
import org.histo4j.train.config.DataConfig;
import org.histo4j.train.config.EvaluationConfig;
import org.histo4j.train.config.HeadSpec;
import org.histo4j.train.config.LrSchedule;
import org.histo4j.train.config.ModelConfig;
import org.histo4j.train.config.OptimisationConfig;
import org.histo4j.train.config.SamplerKind;
import org.histo4j.train.config.ScheduleConfig;
import org.histo4j.train.optim.OptimizerKind;

/**
 * Everything a multi-task pre-training run depends on, in the order of the paper: the data, the model, the
 * optimisation, the schedule and the evaluation, plus the seed. Written as the run's {@code config.json} and
 * compared on resume ({@link PretrainConfigFile} also reads the flat files of earlier versions). Build with
 * {@code PretrainConfig.builder().setArch("resnet18").setSteps(2000).optLearningRate(0.01f).build()}; change one
 * value of an existing configuration with {@code config.toBuilder().optPcGrad(true).build()}.
 *
 * @param data what the run trains on
 * @param model the encoder and the heads
 * @param optimisation how each step updates the network
 * @param schedule the length of the run and what happens when
 * @param evaluation how often the run validates and keeps checkpoints
 * @param seed the seed of splits, batches, initialisation and every random choice of the run
 * @param device the devices as {@link org.histo4j.model.Devices#parse(String)} reads them ({@code "cpu"},
 *     {@code "gpu:0"}), or {@code null} for {@code auto}
 */
public record PretrainConfig(DataConfig data, ModelConfig model, OptimisationConfig optimisation,
        ScheduleConfig schedule, EvaluationConfig evaluation, long seed, String device) {

    /** Checks that every part is there and that they fit together (the NIC encoder takes 64 px images). */
    public PretrainConfig {
        if (data == null || model == null || optimisation == null || schedule == null || evaluation == null) {
            throw new IllegalArgumentException("data, model, optimisation, schedule and evaluation are required;"
                    + " use PretrainConfig.builder()");
        }
        if (model.arch().equalsIgnoreCase("nic") && data.imageSize() != 64) {
            throw new IllegalArgumentException("optImageSize: " + data.imageSize() + " (the nic encoder needs 64)");
        }
    }

    /** A builder with the defaults: synthetic pool, 64 px, batch 32, SGD 0.001 with momentum 0.9, constant rate. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link PretrainConfig}: {@code setArch} and {@code setSteps} are required. */
    public static final class Builder {
        private String arch;
        private String truncateAfter;
        private HeadSpec head = HeadSpec.linear();
        private String pool = DataConfig.SYNTHETIC;
        private String dataRoot;
        private List<String> tasks = List.of();
        private int imagesPerClass;
        private int imageSize = 64;
        private SamplerKind sampler = SamplerKind.TASK_UNIFORM;
        private boolean augment = true;
        private double stainAugment;
        private double validationFraction = 0.15;
        private double testFraction = 0.15;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private int batchSize = 32;
        private float learningRate = 0.001f;
        private float momentum = OptimizerKind.DEFAULT_MOMENTUM;
        private float weightDecay;
        private float headLrMultiplier = 1;
        private boolean headGradientScaling = true;
        private boolean pcGrad;
        private long steps;
        private LrSchedule lrSchedule = LrSchedule.CONSTANT;
        private int lrWarmupSteps;
        private int frozenEncoderSteps;
        private int bnAdaptBatches;
        private int evalEvery = 100;
        private int validationImagesPerTask = 200;
        private int checkpointEvery = 500;
        private long seed = 42;
        private String device;

        private Builder() {}

        private Builder(PretrainConfig c) {
            arch = c.model.arch();
            truncateAfter = c.model.truncateAfter();
            head = c.model.head();
            DataConfig d = c.data;
            pool = d.pool();
            dataRoot = d.dataRoot();
            tasks = d.tasks();
            imagesPerClass = d.imagesPerClass();
            imageSize = d.imageSize();
            sampler = d.sampler();
            augment = d.augment();
            stainAugment = d.stainAugment();
            validationFraction = d.validationFraction();
            testFraction = d.testFraction();
            OptimisationConfig o = c.optimisation;
            optimizer = o.optimizer();
            batchSize = o.batchSize();
            learningRate = o.learningRate();
            momentum = o.momentum();
            weightDecay = o.weightDecay();
            headLrMultiplier = o.headLrMultiplier();
            headGradientScaling = o.headGradientScaling();
            pcGrad = o.pcGrad();
            steps = c.schedule.steps();
            lrSchedule = c.schedule.lrSchedule();
            lrWarmupSteps = c.schedule.lrWarmupSteps();
            frozenEncoderSteps = c.schedule.frozenEncoderSteps();
            bnAdaptBatches = c.schedule.bnAdaptBatches();
            evalEvery = c.evaluation.evalEvery();
            validationImagesPerTask = c.evaluation.validationImagesPerTask();
            checkpointEvery = c.evaluation.checkpointEvery();
            seed = c.seed;
            device = c.device;
        }

        /** The encoder architecture (required), e.g. {@code "resnet18"} or {@code "nic"}. */
        public Builder setArch(String value) {
            arch = value == null ? null : value.toLowerCase(Locale.ROOT);
            return this;
        }

        /** The number of optimisation steps (required). */
        public Builder setSteps(long value) {
            steps = value;
            return this;
        }

        /** Cut the encoder after this block (default: the whole encoder). */
        public Builder optTruncateAfter(String value) {
            truncateAfter = value;
            return this;
        }

        /** The head of every task (default {@link HeadSpec#linear()}; e.g. {@code HeadSpec.mlp(256)}). */
        public Builder optHead(HeadSpec value) {
            head = value;
            return this;
        }

        /** {@code "synthetic"} (default) or a pool manifest path. */
        public Builder optPool(String value) {
            pool = value;
            return this;
        }

        /** The folder with one sub-folder per task of a manifest pool (default: the manifest's folder). */
        public Builder optDataRoot(String value) {
            dataRoot = value;
            return this;
        }

        /** Train on these tasks of the pool only (default: all). */
        public Builder optTasks(List<String> value) {
            tasks = value;
            return this;
        }

        /** Synthetic pool only: images per class (default 0 = the pool's 400). */
        public Builder optImagesPerClass(int value) {
            imagesPerClass = value;
            return this;
        }

        /** Training image side in pixels (default 64). */
        public Builder optImageSize(int value) {
            imageSize = value;
            return this;
        }

        /** The batch sampler (default task-uniform). */
        public Builder optSampler(SamplerKind value) {
            sampler = value;
            return this;
        }

        /** Random flips and 90-degree rotations of training images (default on). */
        public Builder optAugment(boolean value) {
            augment = value;
            return this;
        }

        /** Macenko stain augmentation of training images with this strength (default 0: none). */
        public Builder optStainAugment(double strength) {
            stainAugment = strength;
            return this;
        }

        /** Validation and test fractions of each task's groups (default 0.15 and 0.15). */
        public Builder optSplit(double validation, double test) {
            validationFraction = validation;
            testFraction = test;
            return this;
        }

        /** SGD (default) or Adam. */
        public Builder optOptimizer(OptimizerKind value) {
            optimizer = value;
            return this;
        }

        /** Images per step (default 32). */
        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /** The encoder's base learning rate (default 0.001). */
        public Builder optLearningRate(float value) {
            learningRate = value;
            return this;
        }

        /** SGD's momentum (default 0.9). */
        public Builder optMomentum(float value) {
            momentum = value;
            return this;
        }

        /** Weight decay (default 0). */
        public Builder optWeightDecay(float value) {
            weightDecay = value;
            return this;
        }

        /** Heads' learning rate over the encoder's (default 1; the paper tries 1, 5, 10). */
        public Builder optHeadLrMultiplier(float value) {
            headLrMultiplier = value;
            return this;
        }

        /** The paper's head-gradient rescaling by B/|B_t| (default on; off for comparison). */
        public Builder optHeadGradientScaling(boolean value) {
            headGradientScaling = value;
            return this;
        }

        /** PCGrad on the encoder's gradient (default off). */
        public Builder optPcGrad(boolean value) {
            pcGrad = value;
            return this;
        }

        /** The learning-rate schedule (default constant). */
        public Builder optLrSchedule(LrSchedule value) {
            lrSchedule = value;
            return this;
        }

        /** Linear warm-up steps of the cosine schedule's learning rate (default 0). */
        public Builder optLrWarmupSteps(int value) {
            lrWarmupSteps = value;
            return this;
        }

        /** First steps training the heads only, the encoder frozen, weights and batch-norm statistics (default 0). */
        public Builder optFrozenEncoderSteps(int value) {
            frozenEncoderSteps = value;
            return this;
        }

        /** Batches for batch-norm adaptation before training (default 0 = off). */
        public Builder optBnAdaptBatches(int value) {
            bnAdaptBatches = value;
            return this;
        }

        /** Validate every this many steps (default 100). */
        public Builder optEvalEvery(int value) {
            evalEvery = value;
            return this;
        }

        /** At most this many validation images per task (default 200; 0 = all). */
        public Builder optValidationImagesPerTask(int value) {
            validationImagesPerTask = value;
            return this;
        }

        /** Write the last checkpoint every this many steps (default 500). */
        public Builder optCheckpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        /** The run's seed (default 42). */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /** The devices, as {@code Devices.parse} reads them: {@code "cpu"}, {@code "gpu:0"} (default: {@code auto}). */
        public Builder optDevice(String value) {
            device = value;
            return this;
        }

        /** Validates each part and builds, naming the method that sets the first bad value. */
        public PretrainConfig build() {
            ModelConfig model = new ModelConfig(arch, truncateAfter, head);
            DataConfig data = new DataConfig(pool, dataRoot, tasks, imagesPerClass, imageSize, sampler, augment,
                    stainAugment, validationFraction, testFraction);
            OptimisationConfig optimisation = new OptimisationConfig(optimizer, batchSize, learningRate, momentum,
                    weightDecay, headLrMultiplier, headGradientScaling, pcGrad);
            ScheduleConfig schedule = new ScheduleConfig(steps, lrSchedule, lrWarmupSteps, frozenEncoderSteps,
                    bnAdaptBatches);
            EvaluationConfig evaluation = new EvaluationConfig(evalEvery, validationImagesPerTask, checkpointEvery);
            return new PretrainConfig(data, model, optimisation, schedule, evaluation, seed, device);
        }
    }
}

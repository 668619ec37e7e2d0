package org.histo4j.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.model.Encoders;
import org.histo4j.model.TaskHead;
import org.histo4j.train.optim.MultiTaskOptimizer;

/**
 * Everything a multi-task pre-training run depends on, written as the run's {@code config.json} and compared on
 * resume. Build with {@code PretrainConfig.builder().setArch("resnet18").setSteps(2000).optLearningRate(0.01f)
 * .build()}; change one value of an existing configuration with {@code config.toBuilder().optPcGrad(true).build()}.
 *
 * @param arch the encoder architecture, one of {@link Encoders#ARCHITECTURES}
 * @param truncateAfter the block after which the encoder is cut, or {@code null} for the whole encoder
 * @param pool {@code "synthetic"} (the embedded synthetic pool) or the path of a pool manifest
 * @param dataRoot the folder holding one sub-folder per task of a manifest pool, or {@code null} for the
 *     manifest's own folder
 * @param tasks the names of the pool's tasks to train on, or empty for all of them
 * @param imagesPerClass for the synthetic pool, images painted per class (0 = the pool's 400)
 * @param imageSize the side of the training images in pixels
 * @param head {@code "linear"} or {@code "mlp(H)"} (H hidden units); {@code "custom:<description>"} is written by
 *     a trainer given its own heads
 * @param batchSize the number of images per step, B
 * @param steps the number of optimisation steps
 * @param optimizer SGD (with momentum) or Adam
 * @param learningRate the encoder's base learning rate
 * @param momentum SGD's momentum
 * @param weightDecay the L2 weight decay λ added to every updated parameter's gradient
 * @param schedule how the learning rate changes over the steps
 * @param lrWarmupSteps for the cosine schedule, steps of linear learning-rate warm-up (0 = none)
 * @param headLrMultiplier heads learn this many times faster than the encoder (the paper tries 1, 5 and 10)
 * @param headGradientScaling whether each head's gradient is multiplied by B/|B_t| (the paper's rescaling; off
 *     gives the plain batch-mean gradient, for comparison); heads absent from a batch are never updated
 * @param warmupSteps the first steps train the heads only: encoder weights and batch-norm statistics stay fixed
 * @param bnAdaptBatches batches of the pool on which batch-norm layers are adapted before training (0 = off)
 * @param pcGrad whether the encoder's gradient is combined with PCGrad's gradient surgery
 * @param sampler how the samples of a batch are drawn
 * @param augment whether training images are flipped and rotated by multiples of 90 degrees at random
 * @param validationFraction the fraction of each task's groups held out for validation
 * @param testFraction the fraction of each task's groups held out for testing (never used in training)
 * @param validationImagesPerTask at most this many validation images per task are evaluated (0 = all)
 * @param evalEvery validation (and the per-task training metrics) every this many steps and at the last step
 * @param checkpointEvery the last checkpoint is written every this many steps and at the last step
 * @param seed the seed of splits, batches, initialisation and every random choice of the run
 * @param device the devices as {@link org.histo4j.model.Devices#parse(String)} reads them ({@code "cpu"},
 *     {@code "gpu:0"}), or {@code null} for {@code auto}
 */
public record PretrainConfig(String arch, String truncateAfter, String pool, String dataRoot, List<String> tasks,
        int imagesPerClass, int imageSize, String head, int batchSize, long steps, MultiTaskOptimizer.Kind optimizer,
        float learningRate, float momentum, float weightDecay, ScheduleKind schedule, int lrWarmupSteps,
        float headLrMultiplier, boolean headGradientScaling, int warmupSteps, int bnAdaptBatches, boolean pcGrad,
        SamplerKind sampler, boolean augment, double validationFraction, double testFraction, int validationImagesPerTask,
        int evalEvery, int checkpointEvery, long seed, String device) {

    /** The value of {@link #pool} naming the embedded synthetic pool. */
    public static final String SYNTHETIC = "synthetic";

    private static final Pattern MLP = Pattern.compile("mlp\\((\\d+)\\)");

    /** The learning-rate schedules. */
    public enum ScheduleKind {
        /** The same rate at every step. */
        CONSTANT,
        /** The rate times 0.1 every {@code steps / 3} steps. */
        STEP,
        /** Cosine decay to zero at the last step, after {@code lrWarmupSteps} of linear warm-up. */
        COSINE
    }

    /** How the samples of a batch are drawn (see {@link org.histo4j.data.batch.Sampler}). */
    public enum SamplerKind {
        /** The paper's scheme: a task uniformly, then one of its images uniformly. */
        TASK_UNIFORM,
        /** An image uniformly over all training images (large tasks dominate). */
        IMAGE_UNIFORM,
        /** Tasks in turn, then one of its images uniformly. */
        ROUND_ROBIN;

        /** The name on the command line, e.g. {@code task-uniform} (picocli converts it back). */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Copies the task list and checks every value, naming the first bad field. */
    public PretrainConfig {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        Validation.check(arch, truncateAfter, pool, head, imageSize, imagesPerClass);
        Validation.check(batchSize, steps, learningRate, momentum, weightDecay, lrWarmupSteps, schedule,
                headLrMultiplier, warmupSteps, bnAdaptBatches);
        Validation.check(optimizer, sampler, validationFraction, testFraction, validationImagesPerTask, evalEvery,
                checkpointEvery);
    }

    /** A builder with the defaults: synthetic pool, 64 px, batch 32, SGD 0.001 with momentum 0.9, constant rate. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether {@link #pool} is the embedded synthetic pool. */
    @JsonIgnore
    public boolean isSyntheticPool() {
        return SYNTHETIC.equals(pool);
    }

    /** The head of a task with {@code classes} classes, as {@link #head} names it. */
    public TaskHead newHead(int classes) {
        if (head.equals("linear")) {
            return TaskHead.linear(classes);
        }
        Matcher mlp = MLP.matcher(head);
        if (mlp.matches()) {
            return TaskHead.mlp(Integer.parseInt(mlp.group(1)), classes);
        }
        throw new IllegalStateException("head '" + head + "' is a custom head: give the trainer the same heads");
    }

    /** Checks of the fields, kept out of the record's body. */
    private static final class Validation {

        static void check(String arch, String truncateAfter, String pool, String head, int imageSize,
                int imagesPerClass) {
            if (arch == null || !Encoders.ARCHITECTURES.contains(arch.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("arch: '" + arch + "' is not one of " + Encoders.ARCHITECTURES);
            }
            if (truncateAfter != null && !Encoders.truncationPoints(arch).contains(truncateAfter)) {
                throw new IllegalArgumentException("truncateAfter: '" + truncateAfter + "' is not a truncation point"
                        + " of " + arch + " " + Encoders.truncationPoints(arch));
            }
            if (pool == null || pool.isBlank()) {
                throw new IllegalArgumentException("pool: '" + SYNTHETIC + "' or a pool manifest path is required");
            }
            if (head == null || !(head.equals("linear") || MLP.matcher(head).matches() || head.startsWith("custom:"))) {
                throw new IllegalArgumentException("head: '" + head + "' is not linear, mlp(H) or custom:...");
            }
            if (imageSize < 8 || (arch.equalsIgnoreCase("nic") && imageSize != 64)) {
                throw new IllegalArgumentException("imageSize: " + imageSize + " (at least 8; the nic encoder needs 64)");
            }
            if (imagesPerClass < 0 || (imagesPerClass > 0 && !SYNTHETIC.equals(pool))) {
                throw new IllegalArgumentException("imagesPerClass: " + imagesPerClass
                        + " (>= 0, and only for the synthetic pool)");
            }
        }

        static void check(int batchSize, long steps, float lr, float momentum, float weightDecay, int lrWarmup,
                ScheduleKind schedule, float headMultiplier, int warmupSteps, int bnAdaptBatches) {
            positive("batchSize", batchSize);
            positive("steps", steps);
            if (!(lr > 0) || Float.isInfinite(lr)) {
                throw new IllegalArgumentException("learningRate: " + lr + " must be positive");
            }
            if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1) and weightDecay "
                        + weightDecay + " >= 0");
            }
            if (schedule == null || lrWarmup < 0 || lrWarmup >= steps
                    || (lrWarmup > 0 && schedule != ScheduleKind.COSINE)) {
                throw new IllegalArgumentException("schedule " + schedule + " / lrWarmupSteps " + lrWarmup
                        + ": warm-up of the rate needs the cosine schedule and fewer steps than " + steps);
            }
            if (!(headMultiplier > 0)) {
                throw new IllegalArgumentException("headLrMultiplier: " + headMultiplier + " must be positive");
            }
            if (warmupSteps < 0 || warmupSteps > steps || bnAdaptBatches < 0) {
                throw new IllegalArgumentException("warmupSteps " + warmupSteps + " must be in [0, steps] and"
                        + " bnAdaptBatches " + bnAdaptBatches + " >= 0");
            }
        }

        static void check(MultiTaskOptimizer.Kind optimizer, SamplerKind sampler, double validation, double test,
                int validationImages, int evalEvery, int checkpointEvery) {
            if (optimizer == null || sampler == null) {
                throw new IllegalArgumentException("optimizer " + optimizer + " and sampler " + sampler
                        + " must be set");
            }
            if (!(validation > 0 && test >= 0 && validation + test < 1)) {
                throw new IllegalArgumentException("validationFraction " + validation + " must be > 0 and testFraction "
                        + test + " >= 0, adding up to less than 1");
            }
            if (validationImages < 0) {
                throw new IllegalArgumentException("validationImagesPerTask: " + validationImages + " must be >= 0");
            }
            positive("evalEvery", evalEvery);
            positive("checkpointEvery", checkpointEvery);
        }

        private static void positive(String field, long value) {
            if (value < 1) {
                throw new IllegalArgumentException(field + ": " + value + " must be at least 1");
            }
        }
    }

    /** Builds a {@link PretrainConfig}: {@code setArch} and {@code setSteps} are required. */
    public static final class Builder {
        private String arch;
        private String truncateAfter;
        private String pool = SYNTHETIC;
        private String dataRoot;
        private List<String> tasks = List.of();
        private int imagesPerClass;
        private int imageSize = 64;
        private String head = "linear";
        private int batchSize = 32;
        private long steps;
        private MultiTaskOptimizer.Kind optimizer = MultiTaskOptimizer.Kind.SGD;
        private float learningRate = 0.001f;
        private float momentum = 0.9f;
        private float weightDecay;
        private ScheduleKind schedule = ScheduleKind.CONSTANT;
        private int lrWarmupSteps;
        private float headLrMultiplier = 1;
        private boolean headGradientScaling = true;
        private int warmupSteps;
        private int bnAdaptBatches;
        private boolean pcGrad;
        private SamplerKind sampler = SamplerKind.TASK_UNIFORM;
        private boolean augment = true;
        private double validationFraction = 0.15;
        private double testFraction = 0.15;
        private int validationImagesPerTask = 200;
        private int evalEvery = 100;
        private int checkpointEvery = 500;
        private long seed = 42;
        private String device;

        private Builder() {}

        private Builder(PretrainConfig c) {
            arch = c.arch;
            truncateAfter = c.truncateAfter;
            pool = c.pool;
            dataRoot = c.dataRoot;
            tasks = c.tasks;
            imagesPerClass = c.imagesPerClass;
            imageSize = c.imageSize;
            head = c.head;
            batchSize = c.batchSize;
            steps = c.steps;
            optimizer = c.optimizer;
            learningRate = c.learningRate;
            momentum = c.momentum;
            weightDecay = c.weightDecay;
            schedule = c.schedule;
            lrWarmupSteps = c.lrWarmupSteps;
            headLrMultiplier = c.headLrMultiplier;
            headGradientScaling = c.headGradientScaling;
            warmupSteps = c.warmupSteps;
            bnAdaptBatches = c.bnAdaptBatches;
            pcGrad = c.pcGrad;
            sampler = c.sampler;
            augment = c.augment;
            validationFraction = c.validationFraction;
            testFraction = c.testFraction;
            validationImagesPerTask = c.validationImagesPerTask;
            evalEvery = c.evalEvery;
            checkpointEvery = c.checkpointEvery;
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

        /** {@code "linear"} (default) or {@code "mlp(H)"}. */
        public Builder optHead(String value) {
            head = value;
            return this;
        }

        /** Images per step (default 32). */
        public Builder optBatchSize(int value) {
            batchSize = value;
            return this;
        }

        /** SGD (default) or Adam. */
        public Builder optOptimizer(MultiTaskOptimizer.Kind value) {
            optimizer = value;
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

        /** The learning-rate schedule (default constant). */
        public Builder optSchedule(ScheduleKind value) {
            schedule = value;
            return this;
        }

        /** Linear warm-up steps of the cosine schedule's rate (default 0). */
        public Builder optLrWarmupSteps(int value) {
            lrWarmupSteps = value;
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

        /** Steps training the heads only, the encoder frozen (default 0). */
        public Builder optWarmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        /** Batches for batch-norm adaptation before training (default 0 = off). */
        public Builder optBnAdaptBatches(int value) {
            bnAdaptBatches = value;
            return this;
        }

        /** PCGrad on the encoder's gradient (default off). */
        public Builder optPcGrad(boolean value) {
            pcGrad = value;
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

        /** Validation and test fractions of each task's groups (default 0.15 and 0.15). */
        public Builder optSplit(double validation, double test) {
            validationFraction = validation;
            testFraction = test;
            return this;
        }

        /** At most this many validation images per task (default 200; 0 = all). */
        public Builder optValidationImagesPerTask(int value) {
            validationImagesPerTask = value;
            return this;
        }

        /** Validate every this many steps (default 100). */
        public Builder optEvalEvery(int value) {
            evalEvery = value;
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

        /** Validates and builds. */
        public PretrainConfig build() {
            return new PretrainConfig(arch, truncateAfter, pool, dataRoot, tasks, imagesPerClass, imageSize, head,
                    batchSize, steps, optimizer, learningRate, momentum, weightDecay, schedule, lrWarmupSteps,
                    headLrMultiplier, headGradientScaling, warmupSteps, bnAdaptBatches, pcGrad, sampler, augment,
                    validationFraction, testFraction, validationImagesPerTask, evalEvery, checkpointEvery, seed, device);
        }
    }
}

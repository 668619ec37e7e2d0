package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.histo4j.Histo4jException;
import org.histo4j.model.weights.Weights;

/**
 * A shared encoder with one head per task (tasks 0..T-1), as a DJL block.
 *
 * <p>Input: {@code NDList(images, taskIds)}, images N x 3 x H x W already through the image path
 * ({@link org.histo4j.data.image.ImagePipeline} with {@code encoder().normalization()}), task ids N (integers in 0..T-1). Output: each sample's features go to its
 * own task's head only; the block returns {@code 2T} arrays, the logits of the samples of task 0..T-1 and then
 * their row positions in the batch (see {@link MultiTaskOutput}). Routed lists were chosen over a padded
 * N x maxClasses array masked with -inf because every head then sees only its own rows (no wasted work, no
 * infinities in a loss), and {@code rows} selects the matching labels.
 *
 * <p>Freezing the encoder ({@link #setEncoderFrozen(boolean)}) stops its gradients and runs it in inference
 * mode even when the network trains, so its batch-norm running statistics do not move. Each head's parameters
 * are reachable separately ({@link #headParameters(int)}) for per-task gradient scaling and learning rates.
 * Checkpoints ({@link #save(Path)}, {@link #load(Path)}) are .npz files of the parameters by name
 * ({@code encoder.<name>}, {@code heads.<t>.<name>}) with the architecture description as UTF-8 bytes under
 * {@code histo4j.architecture}; loading one of another architecture is refused naming the difference.
 */
public final class MultiTaskNetwork extends AbstractBlock {

    private static final String ARCHITECTURE_ENTRY = "histo4j.architecture";

    private final Encoder encoder;
    private final List<TaskHead> heads;
    private boolean encoderFrozen;

    private MultiTaskNetwork(Encoder encoder, List<TaskHead> heads) {
        this.encoder = encoder;
        this.heads = List.copyOf(heads);
        addChildBlock("encoder", encoder.block());
        for (int t = 0; t < heads.size(); t++) {
            addChildBlock("head" + t, heads.get(t).block());
        }
    }

    /** A network of {@code encoder} and one head per task, in task order. */
    public static MultiTaskNetwork of(Encoder encoder, List<TaskHead> heads) {
        if (encoder == null) {
            throw new IllegalArgumentException("multi-task network needs an encoder");
        }
        if (heads == null || heads.isEmpty()) {
            throw new IllegalArgumentException("multi-task network needs at least one task head");
        }
        for (int t = 0; t < heads.size(); t++) {
            for (int u = 0; u < t; u++) {
                if (heads.get(t) == heads.get(u) || heads.get(t).block() == heads.get(u).block()) {
                    throw new IllegalArgumentException("tasks " + u + " and " + t + " share one head; give each its own");
                }
            }
        }
        return new MultiTaskNetwork(encoder, heads);
    }

    /** A network of {@code encoder} with a linear head per task; {@code classesPerTask[t]} classes for task t. */
    public static MultiTaskNetwork linear(Encoder encoder, int... classesPerTask) {
        List<TaskHead> heads = new ArrayList<>();
        for (int classes : classesPerTask) {
            heads.add(TaskHead.linear(classes));
        }
        return of(encoder, heads);
    }

    /** The shared encoder. */
    public Encoder encoder() {
        return encoder;
    }

    /** The number of tasks T. */
    public int numTasks() {
        return heads.size();
    }

    /** The head of task {@code task}. */
    public TaskHead head(int task) {
        return heads.get(checkTask(task));
    }

    /** The number of classes of task {@code task}. */
    public int numClasses(int task) {
        return head(task).numClasses();
    }

    /** The parameters of task {@code task}'s head only. */
    public ParameterList headParameters(int task) {
        return head(task).block().getParameters();
    }

    /**
     * The task whose head owns the parameter with this id ({@link Parameter#getId()}, what DJL optimizers
     * receive), or empty for an encoder parameter or an unknown id.
     */
    public OptionalInt taskOf(String parameterId) {
        for (int t = 0; t < heads.size(); t++) {
            for (Parameter parameter : headParameters(t).values()) {
                if (parameter.getId().equals(parameterId)) {
                    return OptionalInt.of(t);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The parameters of the shared encoder. */
    public ParameterList encoderParameters() {
        return encoder.block().getParameters();
    }

    /**
     * Freezes (or unfreezes) the encoder: its weights stop taking gradients and it runs in inference mode, so
     * batch-norm running statistics stay as they are while the heads train. Running statistics never take
     * gradients, frozen or not.
     */
    public void setEncoderFrozen(boolean frozen) {
        encoder.block().freezeParameters(frozen, p -> p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR);
        this.encoderFrozen = frozen;
    }

    /** Whether the encoder is frozen. */
    public boolean isEncoderFrozen() {
        return encoderFrozen;
    }

    /** Initialises encoder and heads (float32) for square images of the encoder's input size, if needed. */
    public MultiTaskNetwork initialize(NDManager manager) {
        if (!isInitialized()) {
            initialize(manager, DataType.FLOAT32, encoder.inputShape(1), new Shape(1));
        }
        return this;
    }

    /** Typed forward: normalised images (N x 3 x H x W) and task ids (N) to per-task routed logits. */
    public MultiTaskOutput forward(ParameterStore store, NDArray images, NDArray taskIds, boolean training) {
        return MultiTaskOutput.of(forward(store, new NDList(images, taskIds), training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("multi-task network takes (images, taskIds), got " + inputs.size()
                    + " arrays");
        }
        NDArray images = inputs.get(0);
        NDArray taskIds = inputs.get(1).toType(DataType.INT64, false);
        checkTaskIds(images, taskIds);
        boolean encoderTraining = training && !encoderFrozen;
        NDArray features = encoder.block().forward(store, new NDList(images), encoderTraining, params)
                .singletonOrThrow();
        if (encoderFrozen) {
            features = features.stopGradient();
        }
        NDArray positions = images.getManager().arange(0, Math.toIntExact(taskIds.size()), 1, DataType.INT64)
                .toDevice(taskIds.getDevice(), false);
        NDList logits = new NDList();
        NDList rows = new NDList();
        for (int t = 0; t < heads.size(); t++) {
            NDArray mask = taskIds.eq(t);
            logits.add(heads.get(t).block().forward(store, new NDList(features.get(mask)), training, params)
                    .singletonOrThrow());
            rows.add(positions.get(mask));
        }
        return logits.addAll(rows);
    }

    private void checkTaskIds(NDArray images, NDArray taskIds) {
        if (taskIds.getShape().dimension() != 1 || taskIds.size() != images.getShape().get(0)) {
            throw new IllegalArgumentException("task ids must be a vector of one id per image: ids "
                    + taskIds.getShape() + ", images " + images.getShape());
        }
        if (taskIds.size() > 0) {
            long min = taskIds.min().getLong();
            long max = taskIds.max().getLong();
            if (min < 0 || max >= heads.size()) {
                throw new IllegalArgumentException("task ids must lie in 0.." + (heads.size() - 1) + ", got "
                        + min + ".." + max);
            }
        }
    }

    /** Per task: logits (unknown rows x classes), then rows (unknown length). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = new Shape[2 * heads.size()];
        for (int t = 0; t < heads.size(); t++) {
            shapes[t] = new Shape(-1, heads.get(t).numClasses());
            shapes[heads.size() + t] = new Shape(-1);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!encoder.block().isInitialized()) {
            encoder.block().initialize(manager, dataType, inputShapes[0]);
        }
        for (TaskHead head : heads) {
            head.block().initialize(manager, dataType, new Shape(1, encoder.featureWidth()));
        }
    }

    /** The architecture compared by checkpoints: {@code encoder=<name>;heads=<description>|<description>...}. */
    public String architecture() {
        return "encoder=" + encoder.name() + ";heads="
                + String.join("|", heads.stream().map(TaskHead::description).toList());
    }

    /** Every parameter by checkpoint name: {@code encoder.<name>}, then {@code heads.<t>.<name>}. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> names = new LinkedHashMap<>();
        encoder.namedParameters().forEach((name, p) -> names.put("encoder." + name, p));
        for (int t = 0; t < heads.size(); t++) {
            String prefix = "heads." + t + ".";
            heads.get(t).namedParameters().forEach((name, p) -> names.put(prefix + name, p));
        }
        return names;
    }

    /** Writes a checkpoint of every parameter and the architecture (an .npz file). */
    public void save(Path file) {
        try (NDManager manager = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            NDArray architecture = manager.create(architecture().getBytes(StandardCharsets.UTF_8));
            architecture.setName(ARCHITECTURE_ENTRY);
            list.add(architecture);
            for (Map.Entry<String, Parameter> entry : namedParameters().entrySet()) {
                NDArray copy = entry.getValue().getArray().toDevice(manager.getDevice(), true);
                copy.attach(manager);
                copy.setName(entry.getKey());
                list.add(copy);
            }
            list.encode(out, NDList.Encoding.NPZ);
        } catch (IOException e) {
            throw new Histo4jException("cannot write checkpoint " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /**
     * Loads a checkpoint written by {@link #save(Path)} into this (initialised) network.
     *
     * @throws Histo4jException if the file is missing or unreadable, was written for another architecture (the
     *     message names the differing encoder or head), or a parameter is missing or has another shape
     */
    public void load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("checkpoint not found: " + file);
        }
        try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(file);
                NDList list = NDList.decode(manager, in)) {
            NDArray stored = list.get(ARCHITECTURE_ENTRY);
            if (stored == null) {
                throw new Histo4jException("checkpoint " + file + " has no " + ARCHITECTURE_ENTRY
                        + " entry; not a histo4j multi-task checkpoint");
            }
            checkArchitecture(file, new String(stored.toByteArray(), StandardCharsets.UTF_8));
            Map<String, NDArray> values = new LinkedHashMap<>();
            for (NDArray array : list) {
                values.put(array.getName(), array);
            }
            Weights.assign(namedParameters(), values, "checkpoint " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new Histo4jException("cannot read checkpoint " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    private void checkArchitecture(Path file, String stored) {
        if (stored.equals(architecture())) {
            return;
        }
        String prefix = "checkpoint " + file + " is for another architecture: ";
        String[] parts = stored.split(";heads=", 2);
        String theirEncoder = parts[0].replace("encoder=", "");
        if (!theirEncoder.equals(encoder.name())) {
            throw new Histo4jException(prefix + "encoder " + theirEncoder + " in the checkpoint, " + encoder.name()
                    + " in this network");
        }
        List<String> theirHeads = parts.length > 1 ? List.of(parts[1].split("\\|")) : List.of();
        if (theirHeads.size() != heads.size()) {
            throw new Histo4jException(prefix + theirHeads.size() + " tasks in the checkpoint, " + heads.size()
                    + " in this network");
        }
        for (int t = 0; t < heads.size(); t++) {
            if (!theirHeads.get(t).equals(heads.get(t).description())) {
                throw new Histo4jException(prefix + "head " + t + " is " + theirHeads.get(t) + " in the checkpoint, "
                        + heads.get(t).description() + " in this network");
            }
        }
        throw new Histo4jException(prefix + stored + " in the checkpoint, " + architecture() + " in this network");
    }

    private int checkTask(int task) {
        if (task < 0 || task >= heads.size()) {
            throw new IllegalArgumentException("task must lie in 0.." + (heads.size() - 1) + ", got " + task);
        }
        return task;
    }
}

package org.histo4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.train.optim.MultiTaskOptimizer;
import org.histo4j.train.optim.OptimizerKind;

/**
 * SGD with momentum, or Adam, whose state histo4j owns, so that a checkpoint can save it and a resumed run goes on
 * with the same numbers (DJL's own optimisers keep momentum and moments private). Wrap it with
 * {@link MultiTaskOptimizer#wrap} for the head-gradient scaling and skipped heads, and tell it the step before each
 * {@code trainer.step()} with {@link #setStep(long)}: the learning rate is {@code rates(parameter, step)}.
 *
 * <p>Per parameter w with gradient g, learning rate η and weight decay λ, g' = g + λ w;
 * <ul>
 *   <li>SGD: v ← μ v + η g', w ← w − v (DJL's form of momentum);</li>
 *   <li>Adam (β1 0.9, β2 0.999, ε 1e-8): m ← β1 m + (1 − β1) g', s ← β2 s + (1 − β2) g'², and with k the number
 *       of updates of this parameter so far (PyTorch counts per parameter, so a head absent from some batches
 *       keeps a correct bias correction), w ← w − η √(1 − β2<sup>k</sup>) / (1 − β1<sup>k</sup>) · m / (√s + ε)
 *       (DJL's placement of ε).</li>
 * </ul>
 * After an update the parameter's gradient is zeroed, as DJL's optimisers do. {@link #save} and {@link #load}
 * write the state to an .npz file by parameter name (ids change from one process to the next).
 */
public final class ResumableOptimizer extends Optimizer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final OptimizerKind kind;
    private final ParameterTracker rates;
    private final float momentum;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> first = new HashMap<>();
    private final Map<String, NDArray> second = new HashMap<>();
    private final Map<String, Integer> updates = new HashMap<>();
    private volatile long step = 1;

    /**
     * An optimiser of {@code kind} with per-parameter learning rates {@code rates} (see
     * {@link org.histo4j.train.optim.ParameterGroups#learningRates}); its state arrays live in a sub-manager of
     * {@code parent}, closed by {@link #close()}.
     */
    public ResumableOptimizer(OptimizerKind kind, ParameterTracker rates, float momentum,
            float weightDecay, NDManager parent) {
        super(new NoOptions());
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need 0 <= momentum < 1 and weightDecay >= 0, got " + momentum + ", "
                    + weightDecay);
        }
        this.kind = kind;
        this.rates = rates;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.stateManager = parent.newSubManager();
    }

    /** Sets the step whose update comes next (1 for the first), which the learning rates depend on. */
    public void setStep(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + value);
        }
        step = value;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = rates.getNewValue(parameterId, Math.toIntExact(step));
        int count = updates.merge(parameterId, 1, Integer::sum);
        if (kind == OptimizerKind.SGD) {
            sgd(parameterId, weight, grad, rate);
        } else {
            adam(parameterId, weight, grad, rate, count);
        }
        zeroGradient(weight);
    }

    // Each pass over a parameter-sized array costs as much as the arithmetic at small image sizes (ResNet-18 has
    // 11.7 M parameters), so the updates below avoid copies: no duplicate of the gradient when there is no weight
    // decay, and the gradient is zeroed by libtorch's zero_() (one write) rather than subtracted from itself.

    private void sgd(String id, NDArray weight, NDArray grad, float rate) {
        NDArray velocity = state(first, id, weight);
        try (NDArray scaled = weightDecay == 0 ? grad.mul(rate) : decayed(weight, grad).muli(rate)) {
            velocity.muli(momentum).addi(scaled);
        }
        weight.subi(velocity);
    }

    private void adam(String id, NDArray weight, NDArray grad, float rate, int count) {
        NDArray mean = state(first, id, weight);
        NDArray variance = state(second, id, weight);
        NDArray decayed = weightDecay == 0 ? null : decayed(weight, grad);
        NDArray g = decayed == null ? grad : decayed;
        try (NDArray scaled = g.mul(1 - BETA1); NDArray squared = g.square().muli(1 - BETA2)) {
            mean.muli(BETA1).addi(scaled);
            variance.muli(BETA2).addi(squared);
        } finally {
            if (decayed != null) {
                decayed.close();
            }
        }
        double corrected = rate * Math.sqrt(1 - Math.pow(BETA2, count)) / (1 - Math.pow(BETA1, count));
        try (NDArray denominator = variance.sqrt().addi(EPSILON); NDArray step = mean.div(denominator)) {
            weight.subi(step.muli((float) corrected));
        }
    }

    /** g + λ w, a new array. */
    private NDArray decayed(NDArray weight, NDArray grad) {
        try (NDArray decay = weight.mul(weightDecay)) {
            return grad.add(decay);
        }
    }

    private static void zeroGradient(NDArray weight) {
        if (weight instanceof PtNDArray tensor) {
            JniUtils.zeroGrad(tensor);
        } else {
            try (NDArray own = weight.getGradient()) {
                own.subi(own);
            }
        }
    }

    private NDArray state(Map<String, NDArray> states, String id, NDArray weight) {
        return states.computeIfAbsent(id,
                k -> stateManager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
    }

    /** Writes the state of the parameters in {@code named} (checkpoint names) to an .npz file. */
    public void save(Map<String, Parameter> named, Path file) {
        try (NDManager manager = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            for (Map.Entry<String, Parameter> entry : named.entrySet()) {
                String id = entry.getValue().getId();
                add(list, manager, "first." + entry.getKey(), first.get(id));
                add(list, manager, "second." + entry.getKey(), second.get(id));
                if (updates.containsKey(id)) {
                    NDArray count = manager.create(new int[] {updates.get(id)});
                    count.setName("updates." + entry.getKey());
                    list.add(count);
                }
            }
            list.encode(out, NDList.Encoding.NPZ);
        } catch (IOException e) {
            throw new Histo4jException("cannot write optimiser state " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    private static void add(NDList list, NDManager manager, String name, NDArray state) {
        if (state != null) {
            NDArray copy = state.toDevice(manager.getDevice(), false).duplicate();
            copy.attach(manager);
            copy.setName(name);
            list.add(copy);
        }
    }

    /**
     * Replaces the state by the one {@link #save} wrote for parameters of the same names; parameters the file does
     * not name start from zero, as they did in the saved run.
     */
    public void load(Map<String, Parameter> named, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("optimiser state not found: " + file);
        }
        try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(file);
                NDList list = NDList.decode(manager, in)) {
            Map<String, NDArray> byName = new LinkedHashMap<>();
            list.forEach(array -> byName.put(array.getName(), array));
            clear();
            for (Map.Entry<String, Parameter> entry : named.entrySet()) {
                NDArray weight = entry.getValue().getArray();
                String id = entry.getValue().getId();
                restore(first, id, weight, byName.get("first." + entry.getKey()), file);
                restore(second, id, weight, byName.get("second." + entry.getKey()), file);
                NDArray count = byName.get("updates." + entry.getKey());
                if (count != null) {
                    updates.put(id, count.toIntArray()[0]);
                }
            }
        } catch (IOException e) {
            throw new Histo4jException("cannot read optimiser state " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    private void restore(Map<String, NDArray> states, String id, NDArray weight, NDArray stored, Path file) {
        if (stored == null) {
            return;
        }
        if (!stored.getShape().equals(weight.getShape())) {
            throw new Histo4jException("optimiser state " + file + ": " + stored.getName() + " has shape "
                    + stored.getShape() + ", the parameter " + weight.getShape());
        }
        // duplicate() is a real copy; toDevice(device, true) on the same device may alias the decoded array, whose
        // memory is a direct buffer freed once the decoding manager is closed.
        NDArray copy = stored.toDevice(weight.getDevice(), false).toType(weight.getDataType(), false).duplicate();
        copy.attach(stateManager);
        states.put(id, copy);
    }

    private void clear() {
        first.values().forEach(NDArray::close);
        second.values().forEach(NDArray::close);
        first.clear();
        second.clear();
        updates.clear();
    }

    /** Frees the state arrays. */
    @Override
    public void close() {
        clear();
        stateManager.close();
    }

    /** The base class wants a builder; every option lives in this class. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}

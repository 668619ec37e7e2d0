package org.histo4j.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.histo4j.model.Encoder;

/**
 * What {@link FineTuner} trains: the encoder and a new linear head, on images already through the encoder's
 * preprocessing (normalised by its image pipeline, not here); the encoder runs in inference mode when batch
 * norm is frozen. It also freezes the encoder parameters that do not train, predicts rows, and keeps the weights
 * of the best epoch.
 */
final class FineTunedClassifier extends AbstractBlock {

    private final Encoder encoder;
    private final Linear head;
    private final boolean batchNormFrozen;
    private final int classes;

    FineTunedClassifier(Encoder encoder, int classes, boolean batchNormFrozen) {
        this.encoder = encoder;
        this.classes = classes;
        this.batchNormFrozen = batchNormFrozen;
        addChildBlock("encoder", encoder.block());
        this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
    }

    /** The number of classes. */
    int classes() {
        return classes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList features = encoder.block().forward(store, inputs, training && !batchNormFrozen);
        return head.forward(store, features, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!encoder.block().isInitialized()) {
            encoder.block().initialize(manager, dataType, inputShapes);
        }
        head.initialize(manager, dataType, new Shape(1, encoder.featureWidth()));
    }

    /**
     * Freezes every encoder parameter whose PyTorch name starts with none of {@code prefixes} (nothing when the
     * list is empty); refuses prefixes that match no parameter.
     */
    void freezeAllBut(List<String> prefixes) {
        if (prefixes.isEmpty()) {
            return;
        }
        List<String> matched = new ArrayList<>();
        encoder.namedParameters().forEach((name, parameter) -> {
            if (prefixes.stream().anyMatch(name::startsWith)) {
                matched.add(name);
            } else {
                parameter.freeze(true);
            }
        });
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no parameter of encoder " + encoder.name() + " starts with "
                    + prefixes + "; names look like " + encoder.namedParameters().keySet().stream().limit(3)
                            .toList());
        }
    }

    /**
     * Predicts {@code rows} in inference mode, {@code batchSize} at a time, the images of a batch made by
     * {@code images} in a sub-manager of {@code parent}: softmax probabilities and the most probable class.
     */
    Predictions predict(NDManager parent, BiFunction<NDManager, int[], NDArray> images, int[] rows,
            int batchSize) {
        int[] predicted = new int[rows.length];
        double[][] scores = new double[rows.length][classes];
        for (int start = 0; start < rows.length; start += batchSize) {
            int end = Math.min(rows.length, start + batchSize);
            try (NDManager batch = parent.newSubManager()) {
                NDArray x = images.apply(batch, Arrays.copyOfRange(rows, start, end));
                ParameterStore store = new ParameterStore(batch, false);
                float[] p = forward(store, new NDList(x), false).singletonOrThrow().softmax(1).toFloatArray();
                for (int i = start; i < end; i++) {
                    for (int c = 0; c < classes; c++) {
                        scores[i][c] = p[(i - start) * classes + c];
                        if (scores[i][c] > scores[i][predicted[i]]) {
                            predicted[i] = c;
                        }
                    }
                }
            }
        }
        return new Predictions(rows.clone(), predicted, scores);
    }

    /** Copies every parameter into {@code keep}, closing the copies of an {@code old} snapshot. */
    List<NDArray> snapshot(NDManager keep, List<NDArray> old) {
        if (old != null) {
            old.forEach(NDArray::close);
        }
        List<NDArray> copy = new ArrayList<>();
        for (Pair<String, Parameter> pair : getParameters()) {
            NDArray value = pair.getValue().getArray().duplicate();
            value.attach(keep);
            copy.add(value);
        }
        return copy;
    }

    /** Puts the values of a {@link #snapshot} back into the parameters. */
    void restore(List<NDArray> snapshot) {
        List<Parameter> parameters = getParameters().values();
        for (int i = 0; i < parameters.size(); i++) {
            snapshot.get(i).copyTo(parameters.get(i).getArray());
        }
    }
}

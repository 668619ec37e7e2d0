package org.histo4j.slide.mil;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** A trained slide classifier: predicts slides one at a time (so no padding is involved) and must be closed. */
public final class TrainedSlideModel implements AutoCloseable {

    private final Model model;
    private final SlideInputs inputs;

    TrainedSlideModel(Model model, SlideInputs inputs) {
        this.model = model;
        this.inputs = inputs;
    }

    /** Wraps a model whose block is initialised and trained (e.g. loaded from disk) with the inputs it takes. */
    public static TrainedSlideModel of(Model model, SlideInputs inputs) {
        return new TrainedSlideModel(model, inputs);
    }

    /** The underlying DJL block (e.g. to save its parameters). */
    public ai.djl.nn.Block block() {
        return model.getBlock();
    }

    /** Class probabilities and tile weights for each slide, in inference mode. */
    public List<SlidePrediction> predict(List<Bag> bags) {
        List<SlidePrediction> predictions = new ArrayList<>(bags.size());
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (Bag bag : bags) {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList out = model.getBlock().forward(store, inputs.inputs(manager, List.of(bag)), false);
                float[] probabilities = out.get(0).softmax(1).toFloatArray();
                float[] weights = out.size() > 1 ? firstRow(out.get(1), bag.size()) : null;
                predictions.add(new SlidePrediction(bag.slideId(), bag.group(), bag.label(), probabilities, weights));
            }
        }
        return predictions;
    }

    private static float[] firstRow(NDArray weights, int tiles) {
        float[] all = weights.toFloatArray();
        float[] row = new float[tiles];
        System.arraycopy(all, 0, row, 0, tiles);
        return row;
    }

    @Override
    public void close() {
        model.close();
    }
}

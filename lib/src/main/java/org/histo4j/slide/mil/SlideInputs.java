package org.histo4j.slide.mil;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * How a batch of slides becomes model inputs: as padded bags ({@link #BAGS}, for pooling models) or as compressed
 * slide grids ({@link GridBatch}, for the grid CNN). Implement it to feed a slide model another representation.
 */
@FunctionalInterface
public interface SlideInputs {

    /** Padded bags with a mask, {@code NDList(features B x N x D, mask B x N)}. */
    SlideInputs BAGS = BagBatch::inputs;

    /** The model inputs for these slides, created in {@code manager}. */
    NDList inputs(NDManager manager, List<Bag> bags);
}

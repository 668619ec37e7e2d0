package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Packs bags of different sizes into one padded batch: features B x N x D, a mask B x N, labels B. */
public final class BagBatch {

    private BagBatch() {}

    /** The model inputs {@code NDList(features, mask)} for these bags, padded with zeros to the largest bag. */
    public static NDList inputs(NDManager manager, List<Bag> bags) {
        int width = bags.getFirst().featureWidth();
        int longest = bags.stream().mapToInt(Bag::size).max().orElseThrow();
        float[] features = new float[bags.size() * longest * width];
        float[] mask = new float[bags.size() * longest];
        for (int b = 0; b < bags.size(); b++) {
            Bag bag = bags.get(b);
            if (bag.featureWidth() != width) {
                throw new IllegalArgumentException("bag " + bag.slideId() + " has features of width "
                        + bag.featureWidth() + ", the batch has " + width);
            }
            for (int k = 0; k < bag.size(); k++) {
                System.arraycopy(bag.features()[k], 0, features, (b * longest + k) * width, width);
                mask[b * longest + k] = 1f;
            }
        }
        NDArray x = manager.create(features, new Shape(bags.size(), longest, width));
        NDArray m = manager.create(mask, new Shape(bags.size(), longest));
        return new NDList(x, m);
    }

    /** The labels of the bags, as int64. */
    public static NDArray labels(NDManager manager, List<Bag> bags) {
        return manager.create(bags.stream().mapToLong(Bag::label).toArray());
    }
}

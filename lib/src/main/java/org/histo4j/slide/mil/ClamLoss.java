package org.histo4j.slide.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.histo4j.model.Scalars;

/**
 * CLAM's training loss on the outputs of a {@link ClamMil}: {@code w L_bag + (1 - w) L_instance} with bag weight
 * w = 0.7 as in the paper.
 *
 * <p>L_bag is the softmax cross-entropy of the slide logits. L_instance is CLAM's clustering constraint: for a bag
 * of class y, the k tiles its attention ranks highest (in branch y for MB) are given instance target 1 and the k it
 * ranks lowest target 0, for class y's instance classifier; with {@code subtyping}, every other class c's instance
 * classifier also gets the top k of branch c with target 0, and the sum over classes is divided by the number of
 * classes. Each classifier's loss is the mean over its selected tiles; the bag's instance loss is the sum over
 * classifiers; the batch's is the mean over bags. k is at most half the bag's real tiles, so top and bottom never
 * overlap (a 1-tile bag has no instance loss); padding is never selected.
 *
 * <p>Instance losses, on the two instance logits x of a tile with target t: cross-entropy, or the smooth top-1 SVM
 * of Berrada et al. (CLAM's default, {@code SmoothTop1SVM(n_classes=2)}, alpha 1, tau 1): with
 * d = x_{1-t} + alpha - x_t, the loss is tau log(1 + exp(d / tau)), or the hard max(0, d) when
 * |x_0 - x_1| >= tau ln 1000 (the switch of smooth-topk's {@code detect_large}).
 */
public final class ClamLoss extends Loss {

    /** How each selected tile's instance prediction is scored. */
    public enum InstanceLoss {
        /** Softmax cross-entropy on the two instance logits. */
        CROSS_ENTROPY,
        /** The smooth top-1 SVM (alpha 1, tau 1), CLAM's default. */
        SMOOTH_SVM
    }

    private static final double SVM_ALPHA = 1;
    private static final double SVM_TAU = 1;
    private static final double SVM_THRESHOLD = 1e3;

    private final int k;
    private final InstanceLoss instanceLoss;
    private final float bagWeight;
    private final boolean subtyping;

    /**
     * A CLAM loss sampling {@code k} top and bottom tiles (CLAM uses 8), scoring them with {@code instanceLoss},
     * weighing the bag loss by {@code bagWeight} (0.7 in CLAM).
     */
    public ClamLoss(int k, InstanceLoss instanceLoss, float bagWeight, boolean subtyping) {
        super("clam");
        if (k < 1) {
            throw new IllegalArgumentException("k: at least 1 tile must be sampled, got " + k);
        }
        if (!(bagWeight >= 0 && bagWeight <= 1)) {
            throw new IllegalArgumentException("bagWeight: must be in [0, 1], got " + bagWeight);
        }
        this.k = k;
        this.instanceLoss = instanceLoss;
        this.bagWeight = bagWeight;
        this.subtyping = subtyping;
    }

    /** CLAM's defaults for a small bag: {@code k} tiles, smooth SVM, bag weight 0.7, no subtyping. */
    public static ClamLoss of(int k) {
        return new ClamLoss(k, InstanceLoss.SMOOTH_SVM, 0.7f, false);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray label = labels.singletonOrThrow();
        NDArray logits = predictions.get(0);
        NDArray bag = logits.logSoftmax(1).mul(label.oneHot((int) logits.getShape().get(1))).sum(new int[] {1})
                .neg().mean();
        if (bagWeight == 1) {
            return bag;
        }
        return Scalars.mul(bag, bagWeight).add(Scalars.mul(instance(label, predictions), 1 - bagWeight));
    }

    /** The instance loss alone (mean over the bags of the batch). */
    public NDArray instance(NDArray label, NDList predictions) {
        NDArray attention = ClamMil.attention(predictions);
        NDArray instanceLogits = ClamMil.instanceLogits(predictions);
        NDManager manager = instanceLogits.getManager();
        Shape shape = instanceLogits.getShape();
        int bags = (int) shape.get(0);
        int classes = (int) shape.get(1);
        int tiles = (int) shape.get(2);
        float[][] selections = select(label.toLongArray(), attention.toFloatArray(),
                ClamMil.mask(predictions).toFloatArray(), bags, classes, tiles, (int) attention.getShape().get(1));
        Shape selectionShape = new Shape(bags, classes, tiles);
        NDArray positive = manager.create(selections[0], selectionShape);
        NDArray negative = manager.create(selections[1], selectionShape);
        NDArray x0 = instanceLogits.get(":, :, :, 0");
        NDArray x1 = instanceLogits.get(":, :, :, 1");
        NDArray perBag = perTile(x0, x1).mul(positive).add(perTile(x1, x0).mul(negative)).sum(new int[] {1, 2});
        return perBag.mean();
    }

    /**
     * Selection weights {positive, negative}, B x C x N: 1/m on the m tiles of class c's classifier with target 1
     * (resp. 0), so that summing weight x tile loss gives each classifier's mean (divided by C with subtyping).
     */
    private float[][] select(long[] labels, float[] attention, float[] mask, int bags, int classes, int tiles,
            int branches) {
        float[] positive = new float[bags * classes * tiles];
        float[] negative = new float[positive.length];
        for (int b = 0; b < bags; b++) {
            int real = 0;
            for (int n = 0; n < tiles; n++) {
                real += mask[b * tiles + n] > 0 ? 1 : 0;
            }
            int kb = Math.min(k, real / 2);
            if (kb == 0) {
                continue;
            }
            float share = subtyping ? 1f / classes : 1f;
            for (int c = 0; c < classes; c++) {
                int branch = branches == 1 ? 0 : c;
                Integer[] order = ranked(attention, (b * branches + branch) * tiles, mask, b * tiles, tiles);
                int offset = (b * classes + c) * tiles;
                if (labels[b] == c) {
                    for (int i = 0; i < kb; i++) {
                        positive[offset + order[i]] = share / (2 * kb);
                        negative[offset + order[real - 1 - i]] = share / (2 * kb);
                    }
                } else if (subtyping) {
                    for (int i = 0; i < kb; i++) {
                        negative[offset + order[i]] = share / kb;
                    }
                }
            }
        }
        return new float[][] {positive, negative};
    }

    /** The real tiles' indices by decreasing attention (ties by index). */
    private static Integer[] ranked(float[] attention, int offset, float[] mask, int maskOffset, int tiles) {
        return java.util.stream.IntStream.range(0, tiles).filter(n -> mask[maskOffset + n] > 0).boxed()
                .sorted((a, b) -> Float.compare(attention[offset + b], attention[offset + a]))
                .toArray(Integer[]::new);
    }

    /** The loss of each tile for the target whose logit is {@code target}, the other logit being {@code other}. */
    private NDArray perTile(NDArray other, NDArray target) {
        NDArray gap = target.sub(other);
        if (instanceLoss == InstanceLoss.CROSS_ENTROPY) {
            return softplus(gap.neg());
        }
        NDArray d = gap.neg().add(SVM_ALPHA);
        NDArray smooth = Scalars.mul(softplus(Scalars.div(d, SVM_TAU)), SVM_TAU);
        NDArray hard = Scalars.maximum(d, 0);
        NDArray isHard = gap.abs().gte(SVM_TAU * Math.log(SVM_THRESHOLD)).toType(DataType.FLOAT32, false)
                .stopGradient();
        return hard.mul(isHard).add(smooth.mul(isHard.neg().add(1f)));
    }

    /** log(1 + exp(z)), computed without overflow. */
    private static NDArray softplus(NDArray z) {
        return Scalars.maximum(z, 0).add(z.abs().neg().exp().add(1f).log());
    }
}

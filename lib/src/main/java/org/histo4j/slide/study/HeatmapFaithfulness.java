package org.histo4j.slide.study;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.mil.Bag;
import org.histo4j.transfer.Metrics;

/**
 * Scores a slide model's tile weights (attention, or any tile score) against the true lesions of a slide: whether
 * the heatmap of a correctly labelled slide points at the lesion.
 *
 * <p>A tile is a lesion tile when the lesion mask covers at least {@code minLesion} of its level-0 square
 * ({@link TissueMask#tissueFraction(long, long, long, long)}). Per positive slide:
 * <ul>
 *   <li>{@code attention_auc}: the ROC AUC of the tile weights for lesion against non-lesion tiles, counting tied
 *       pairs as one half (1: every lesion tile outweighs every other tile; 0.5: no better than chance); NaN
 *       when the slide has no lesion tile or only lesion tiles;</li>
 *   <li>{@code topk_lesion}: the share of lesion tiles among the k tiles of highest weight (ties broken by tile
 *       order), k at most the number of tiles.</li>
 * </ul>
 */
public final class HeatmapFaithfulness {

    /** The metric name of the attention AUC in result tables. */
    public static final String ATTENTION_AUC = "attention_auc";
    /** The metric name of the top-k lesion share in result tables. */
    public static final String TOPK_LESION = "topk_lesion";

    /**
     * One slide's scores.
     *
     * @param slideId the slide
     * @param attentionAuc lesion vs non-lesion tile AUC of the weights (NaN without both kinds of tiles)
     * @param topKLesion share of lesion tiles among the k highest weighted
     * @param lesionTiles how many of the slide's tiles are lesion tiles
     * @param tiles how many tiles the slide has
     */
    public record Score(String slideId, double attentionAuc, double topKLesion, int lesionTiles, int tiles) {}

    private final int topK;
    private final double minLesion;

    /** Scores with the {@code topK} highest weighted tiles and the lesion share {@code minLesion} of a lesion tile. */
    public HeatmapFaithfulness(int topK, double minLesion) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be positive, got " + topK);
        }
        if (!(minLesion > 0 && minLesion <= 1)) {
            throw new IllegalArgumentException("minLesion must be in (0, 1], got " + minLesion);
        }
        this.topK = topK;
        this.minLesion = minLesion;
    }

    /** The defaults: the top 8 tiles, a lesion tile is at least half lesion. */
    public static HeatmapFaithfulness defaults() {
        return new HeatmapFaithfulness(8, 0.5);
    }

    /** Which tiles of {@code bag} (squares of {@code tileSize} level-0 pixels) are lesion tiles. */
    public boolean[] lesionTiles(Bag bag, TissueMask lesions, int tileSize) {
        boolean[] lesion = new boolean[bag.size()];
        for (int k = 0; k < lesion.length; k++) {
            int[] c = bag.coords()[k];
            lesion[k] = lesions.tissueFraction(c[0], c[1], tileSize, tileSize) >= minLesion;
        }
        return lesion;
    }

    /** The scores of {@code weights} (one per tile of {@code bag}) against {@code lesions}. */
    public Score score(Bag bag, float[] weights, TissueMask lesions, int tileSize) {
        if (weights.length != bag.size()) {
            throw new IllegalArgumentException("slide " + bag.slideId() + ": " + weights.length + " weights for "
                    + bag.size() + " tiles");
        }
        boolean[] lesion = lesionTiles(bag, lesions, tileSize);
        int count = (int) IntStream.range(0, lesion.length).filter(k -> lesion[k]).count();
        return new Score(bag.slideId(), attentionAuc(lesion, weights), topKLesion(lesion, weights), count,
                lesion.length);
    }

    /** The ROC AUC of {@code weights} for lesion (true) against non-lesion tiles, ties counting one half. */
    public static double attentionAuc(boolean[] lesion, float[] weights) {
        return Metrics.rocAuc(lesion, IntStream.range(0, weights.length).mapToDouble(k -> weights[k]).toArray());
    }

    /** The share of lesion tiles among this scorer's top k of {@code weights}. */
    public double topKLesion(boolean[] lesion, float[] weights) {
        Integer[] order = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -weights[k])).toArray(Integer[]::new);
        int k = Math.min(topK, order.length);
        return Arrays.stream(order, 0, k).filter(t -> lesion[t]).count() / (double) k;
    }
}

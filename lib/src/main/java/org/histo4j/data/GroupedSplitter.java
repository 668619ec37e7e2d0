package org.histo4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Assigns whole groups to parts (splits or folds) so that no group is in two parts, each part gets about its
 * target share of the samples, and each class is spread like the whole (stratified). Groups are shuffled by the
 * seed, then taken largest first; each goes to the part {@code p} maximising
 * {@code sum_c n_gc (f_p N_c - m_pc) / N_c}, where {@code n_gc} counts the group's samples of class {@code c},
 * {@code N_c} the class's samples, {@code f_p} the part's target fraction and {@code m_pc} what the part already
 * holds of the class: the part that most lacks the group's classes. The same seed gives the same assignment.
 */
public final class GroupedSplitter {

    private GroupedSplitter() {}

    /**
     * The part of each of the given samples of a source.
     *
     * @param source    the samples' labels and groups
     * @param indices   which samples of the source to assign
     * @param fractions target share of each part (normalised to sum to 1)
     * @param seed      the shuffle seed
     * @return for each entry of {@code indices}, its part in {@code 0..fractions.length-1}
     */
    public static int[] assign(ImageSource source, int[] indices, double[] fractions, long seed) {
        double total = 0;
        for (double f : fractions) {
            if (!(f >= 0)) {
                throw new IllegalArgumentException("split fraction " + f + " < 0");
            }
            total += f;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("split fractions add up to " + total);
        }
        int classes = source.classCount();
        Map<String, List<Integer>> members = new HashMap<>();
        List<String> order = new ArrayList<>();
        long[] classTotals = new long[classes];
        for (int k = 0; k < indices.length; k++) {
            String g = source.group(indices[k]);
            members.computeIfAbsent(g, x -> {
                order.add(x);
                return new ArrayList<>();
            }).add(k);
            classTotals[source.label(indices[k])]++;
        }
        shuffle(order, new SplittableRandom(seed));
        order.sort((a, b) -> Integer.compare(members.get(b).size(), members.get(a).size()));
        double[][] held = new double[fractions.length][classes];
        int[] out = new int[indices.length];
        for (String g : order) {
            long[] counts = new long[classes];
            for (int k : members.get(g)) {
                counts[source.label(indices[k])]++;
            }
            int best = bestPart(counts, classTotals, fractions, total, held);
            for (int c = 0; c < classes; c++) {
                held[best][c] += counts[c];
            }
            for (int k : members.get(g)) {
                out[k] = best;
            }
        }
        return out;
    }

    /** Grouped, stratified k-fold: the fold ({@code 0..k-1}) of each of the given samples. */
    public static int[] folds(ImageSource source, int[] indices, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        double[] equal = new double[k];
        java.util.Arrays.fill(equal, 1);
        return assign(source, indices, equal, seed);
    }

    private static int bestPart(long[] counts, long[] totals, double[] fractions, double sum, double[][] held) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < fractions.length; p++) {
            if (fractions[p] == 0) {
                continue;
            }
            double score = 0;
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] > 0) {
                    score += counts[c] * (fractions[p] / sum * totals[c] - held[p][c]) / totals[c];
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    /** All indices {@code 0..n-1}. */
    static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}

package org.histo4j.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;

/**
 * Grouped, stratified k-fold cross-validation: whole groups go to one fold, and the class proportions and sizes
 * of the folds are kept as even as the groups allow.
 *
 * <p>Groups are visited in an order drawn from the seed (largest first, equal sizes in random order, so that
 * seeds give different folds when groups are of equal size, as patients often are); each goes to the fold that
 * minimises the cost
 * <pre>
 *   cost = &Sigma;<sub>c</sub> Var<sub>f</sub>(n<sub>fc</sub> / n<sub>c</sub>) + Var<sub>f</sub>(n<sub>f</sub> / n)
 * </pre>
 * where n<sub>fc</sub> counts class c in fold f, n<sub>c</sub> class c overall and n<sub>f</sub> the size of fold
 * f. Ties go to a fold drawn at random; when as many groups remain as folds are empty, the group goes to an empty
 * fold, so no fold is ever empty. At least as many groups as folds are required.
 */
public final class GroupKFold implements FoldSplitter {

    /** Creates the splitter; it holds no state. */
    public GroupKFold() {}

    @Override
    public List<Fold> split(int[] labels, String[] groups, int folds, long seed) {
        if (labels.length != groups.length) {
            throw new IllegalArgumentException("groups has " + groups.length + " entries but labels have "
                    + labels.length);
        }
        IntStream.range(0, labels.length).filter(i -> labels[i] < 0).findFirst().ifPresent(i -> {
            throw new IllegalArgumentException("label of row " + i + " is negative: " + labels[i]);
        });
        Map<String, List<Integer>> members = members(groups);
        if (folds < 2 || folds > members.size()) {
            throw new IllegalArgumentException("cannot make " + folds + " grouped folds from " + members.size()
                    + " groups (need 2 <= folds <= groups)");
        }
        Random random = new Random(seed);
        List<List<Integer>> order = new ArrayList<>(members.values());
        Collections.shuffle(order, random);
        order.sort((a, b) -> Integer.compare(b.size(), a.size()));
        int[] assignment = assign(order, labels, folds, random);
        return IntStream.range(0, folds).mapToObj(f -> new Fold(f,
                IntStream.range(0, labels.length).filter(i -> assignment[i] != f).toArray(),
                IntStream.range(0, labels.length).filter(i -> assignment[i] == f).toArray())).toList();
    }

    /** The splits of integer groups (e.g. patient numbers); see {@link #split(int[], String[], int, long)}. */
    public List<Fold> split(int[] labels, int[] groups, int folds, long seed) {
        return split(labels, IntStream.of(groups).mapToObj(Integer::toString).toArray(String[]::new), folds, seed);
    }

    /**
     * Splits {@code rows} of {@code source} by group into a training part and a held-out validation part of about
     * {@code fraction} of the groups (the first fold of {@code round(1 / fraction)}, at least 2 folds); the parts
     * as rows of the source.
     */
    static int[][] holdOut(ImageSource source, int[] rows, double fraction, long seed) {
        int[] labels = IntStream.of(rows).map(source::label).toArray();
        String[] groups = IntStream.of(rows).mapToObj(source::group).toArray(String[]::new);
        int numGroups = (int) Arrays.stream(groups).distinct().count();
        if (numGroups < 2) {
            throw new IllegalArgumentException("task " + source.name() + ": holding out a validation part needs at "
                    + "least 2 groups in the training rows, got " + numGroups);
        }
        int folds = (int) Math.min(numGroups, Math.max(2, Math.round(1 / fraction)));
        Fold fold = new GroupKFold().split(labels, groups, folds, seed).getFirst();
        return new int[][] {select(rows, fold.train()), select(rows, fold.test())};
    }

    private static int[] select(int[] rows, int[] positions) {
        return IntStream.of(positions).map(p -> rows[p]).toArray();
    }

    private static Map<String, List<Integer>> members(String[] groups) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == null) {
                throw new IllegalArgumentException("group of row " + i + " is null");
            }
            members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        return members;
    }

    private static int[] assign(List<List<Integer>> order, int[] labels, int folds, Random random) {
        int numClasses = IntStream.of(labels).max().orElse(0) + 1;
        double[] classTotals = new double[numClasses];
        IntStream.of(labels).forEach(y -> classTotals[y]++);
        double[][] counts = new double[folds][numClasses];
        double[] sizes = new double[folds];
        int[] assignment = new int[labels.length];
        int remaining = order.size();
        for (List<Integer> group : order) {
            int fold = bestFold(group, labels, counts, sizes, classTotals, remaining, random);
            for (int row : group) {
                assignment[row] = fold;
                counts[fold][labels[row]]++;
            }
            sizes[fold] += group.size();
            remaining--;
        }
        return assignment;
    }

    private static int bestFold(List<Integer> group, int[] labels, double[][] counts, double[] sizes,
            double[] classTotals, int remainingGroups, Random random) {
        long emptyFolds = IntStream.range(0, sizes.length).filter(f -> sizes[f] == 0).count();
        boolean mustFillEmpty = remainingGroups <= emptyFolds;
        double[] groupCounts = new double[classTotals.length];
        group.forEach(row -> groupCounts[labels[row]]++);
        List<Integer> best = new ArrayList<>();
        double bestCost = Double.POSITIVE_INFINITY;
        for (int f = 0; f < sizes.length; f++) {
            if (mustFillEmpty && sizes[f] > 0) {
                continue;
            }
            double cost = cost(counts, sizes, classTotals, f, groupCounts, group.size());
            if (cost < bestCost - 1e-12) {
                bestCost = cost;
                best.clear();
            }
            if (cost <= bestCost + 1e-12) {
                best.add(f);
            }
        }
        return best.get(random.nextInt(best.size()));
    }

    private static double cost(double[][] counts, double[] sizes, double[] classTotals, int candidate,
            double[] groupCounts, int groupSize) {
        double total = IntStream.range(0, classTotals.length).mapToDouble(c -> classTotals[c]).sum();
        double cost = 0;
        for (int c = 0; c < classTotals.length; c++) {
            if (classTotals[c] == 0) {
                continue;
            }
            double[] shares = new double[sizes.length];
            for (int f = 0; f < sizes.length; f++) {
                shares[f] = (counts[f][c] + (f == candidate ? groupCounts[c] : 0)) / classTotals[c];
            }
            cost += variance(shares);
        }
        double[] sizeShares = new double[sizes.length];
        for (int f = 0; f < sizes.length; f++) {
            sizeShares[f] = (sizes[f] + (f == candidate ? groupSize : 0)) / total;
        }
        return cost + variance(sizeShares);
    }

    private static double variance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.length;
    }
}

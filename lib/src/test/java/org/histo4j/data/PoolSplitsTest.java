package org.histo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolSplitsTest {

    /** Irregular groups: group g holds g % 7 + 1 consecutive samples. */
    static FakeSource irregular(String name, int k, int n) {
        int[] labels = new int[n];
        String[] groups = new String[n];
        int g = 0;
        int left = 1;
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7 + i / 3) % k;
            groups[i] = name + "-g" + g;
            if (--left == 0) {
                g++;
                left = g % 7 + 1;
            }
        }
        return new FakeSource(name, java.util.stream.IntStream.range(0, k).mapToObj(c -> "c" + c).toList(), labels,
                groups);
    }

    static final TaskPool POOL = TaskPool.of("test", List.of(irregular("a", 3, 900), irregular("b", 2, 400),
            FakeSource.of("c", 5, 500, 10)));

    @Test
    void noGroupIsInTwoSplits() {
        PoolSplits splits = PoolSplits.grouped(POOL, 0.15, 0.15, 11);
        for (int t = 0; t < POOL.taskCount(); t++) {
            Map<String, Split> seen = new HashMap<>();
            for (int i = 0; i < POOL.task(t).size(); i++) {
                Split previous = seen.putIfAbsent(POOL.task(t).group(i), splits.split(t, i));
                assertTrue(previous == null || previous == splits.split(t, i), "group " + POOL.task(t).group(i));
            }
        }
    }

    @Test
    void splitsHaveTheirSharesPerClass() {
        PoolSplits splits = PoolSplits.grouped(POOL, 0.2, 0.2, 5);
        for (int t = 0; t < POOL.taskCount(); t++) {
            ImageSource s = POOL.task(t);
            for (int c = 0; c < s.classCount(); c++) {
                final int cls = c;
                long all = java.util.stream.IntStream.range(0, s.size()).filter(i -> s.label(i) == cls).count();
                for (Split split : Split.values()) {
                    long inSplit = java.util.Arrays.stream(splits.indices(t, split)).filter(i -> s.label(i) == cls)
                            .count();
                    double expected = split == Split.TRAIN ? 0.6 : 0.2;
                    assertEquals(expected, inSplit / (double) all, 0.06, s.name() + " class " + c + " " + split);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        PoolSplits a = PoolSplits.grouped(POOL, 0.2, 0.2, 3);
        PoolSplits b = PoolSplits.grouped(POOL, 0.2, 0.2, 3);
        PoolSplits c = PoolSplits.grouped(POOL, 0.2, 0.2, 4);
        assertArrayEquals(a.indices(0, Split.TEST), b.indices(0, Split.TEST));
        assertFalse(java.util.Arrays.equals(a.indices(0, Split.TEST), c.indices(0, Split.TEST)));
    }

    @Test
    void kFoldIsGroupedAndCoversEverySampleOnce() {
        PoolView train = PoolSplits.grouped(POOL, 0.1, 0.1, 1).view(Split.TRAIN);
        int[][][] folds = train.kFold(0, 5, 9);
        Set<Integer> tested = new HashSet<>();
        ImageSource s = POOL.task(0);
        for (int[][] fold : folds) {
            Set<String> trainGroups = new HashSet<>();
            for (int i : fold[0]) {
                trainGroups.add(s.group(i));
            }
            for (int i : fold[1]) {
                assertFalse(trainGroups.contains(s.group(i)), "group " + s.group(i) + " on both sides");
                assertTrue(tested.add(i), "sample " + i + " tested twice");
            }
            assertEquals(train.size(0), fold[0].length + fold[1].length);
            assertEquals(train.size(0) / 5.0, fold[1].length, train.size(0) * 0.03);
        }
        assertEquals(train.size(0), tested.size());
    }

    @Test
    void leaveTaskOutKeepsIdsAndDropsTheTask() {
        PoolView view = PoolView.all(POOL).withoutTasks(List.of("b"));
        assertArrayEquals(new int[] {0, 2}, view.tasks());
        assertEquals(0, view.size(1));
        assertEquals(1400, view.size());
        TaskPool smaller = POOL.withoutTasks(List.of("a"));
        assertEquals(List.of("b", "c"), smaller.taskNames());
        assertEquals(2, smaller.describe().rowCount());
        assertEquals(50, POOL.describe().intColumn("groups").get(2));
    }
}

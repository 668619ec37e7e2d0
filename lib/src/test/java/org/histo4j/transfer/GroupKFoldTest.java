package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupKFoldTest {

    /** 60 single-class groups of 2..4 rows; every third group is class 1. */
    private static final List<Integer> LABEL_LIST = new ArrayList<>();
    private static final List<String> GROUP_LIST = new ArrayList<>();

    static {
        Random random = new Random(7);
        for (int g = 0; g < 60; g++) {
            int size = 2 + random.nextInt(3);
            for (int k = 0; k < size; k++) {
                LABEL_LIST.add(g % 3 == 0 ? 1 : 0);
                GROUP_LIST.add("patient-" + g);
            }
        }
    }

    private static final int[] LABELS = LABEL_LIST.stream().mapToInt(Integer::intValue).toArray();
    private static final String[] GROUPS = GROUP_LIST.toArray(String[]::new);

    @Test
    void noGroupIsOnBothSidesAndTestPartsPartitionTheRows() {
        List<Fold> folds = new GroupKFold().split(LABELS, GROUPS, 5, 3L);
        assertEquals(5, folds.size());
        int[] timesTested = new int[LABELS.length];
        for (Fold fold : folds) {
            Set<String> trainGroups = new HashSet<>();
            IntStream.of(fold.train()).forEach(i -> trainGroups.add(GROUPS[i]));
            for (int i : fold.test()) {
                assertTrue(!trainGroups.contains(GROUPS[i]), "group " + GROUPS[i] + " in train and test");
                timesTested[i]++;
            }
            assertEquals(LABELS.length, fold.train().length + fold.test().length);
            assertTrue(fold.test().length > 0);
        }
        assertTrue(IntStream.of(timesTested).allMatch(t -> t == 1));
    }

    @Test
    void foldsAreStratifiedAndEvenlySized() {
        double overall = IntStream.of(LABELS).average().orElseThrow();
        for (Fold fold : new GroupKFold().split(LABELS, GROUPS, 5, 11L)) {
            double share = IntStream.of(fold.test()).map(i -> LABELS[i]).average().orElseThrow();
            assertEquals(overall, share, 0.08, "class-1 share of fold " + fold.index());
            assertEquals(LABELS.length / 5.0, fold.test().length, 4, "size of fold " + fold.index());
        }
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        GroupKFold splitter = new GroupKFold();
        assertEquals(splitter.split(LABELS, GROUPS, 5, 42L), splitter.split(LABELS, GROUPS, 5, 42L));
        assertNotEquals(splitter.split(LABELS, GROUPS, 5, 42L), splitter.split(LABELS, GROUPS, 5, 43L));
    }

    @Test
    void everyFoldGetsAGroupEvenWhenGroupsAreFew() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 1};
        int[] groups = {1, 1, 1, 1, 1, 1, 2, 2, 3};
        List<Fold> folds = new GroupKFold().split(labels, groups, 3, 0L);
        assertTrue(folds.stream().allMatch(f -> f.test().length > 0));
    }

    @Test
    void tooFewGroupsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupKFold().split(new int[] {0, 1, 0}, new String[] {"a", "b", "a"}, 3, 0L));
        assertTrue(e.getMessage().contains("2 groups"), e.getMessage());
    }
}

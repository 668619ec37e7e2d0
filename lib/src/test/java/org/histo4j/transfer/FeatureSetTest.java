package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSetTest {

    private static final FeatureSet DATA = new FeatureSet("t", List.of("a", "b"),
            new float[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 1, 1}, new String[] {"g1", "g1", "g2"},
            new String[] {"p0", "p1", "p2"});

    @Test
    void sizesAndSubset() {
        assertEquals(3, DATA.size());
        assertEquals(2, DATA.dimension());
        assertEquals(2, DATA.numClasses());
        assertEquals(2, DATA.numGroups());
        FeatureSet subset = DATA.subset(new int[] {2, 0});
        assertArrayEquals(new int[] {1, 0}, subset.labels());
        assertArrayEquals(new String[] {"p2", "p0"}, subset.paths());
        assertArrayEquals(new float[] {5, 6}, subset.features()[0]);
    }

    @Test
    void inconsistentRowsAreRejectedNamingTheTask() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeatureSet("crc",
                List.of("a", "b"), new float[][] {{1}, {2}}, new int[] {0}, new String[] {"g", "g"},
                new String[] {"p", "q"}));
        assertTrue(e.getMessage().contains("crc") && e.getMessage().contains("1 labels"), e.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> new FeatureSet("crc",
                List.of("a", "b"), new float[][] {{1}}, new int[] {2}, new String[] {"g"}, new String[] {"p"}));
        assertTrue(label.getMessage().contains("outside 0..1"), label.getMessage());
    }
}

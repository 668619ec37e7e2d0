package org.histo4j.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Fraction of pixels dark and bluish like hematoxylin-stained nuclei. */
    static double nuclearFraction(BufferedImage image) {
        int dark = 0;
        int[] px = pixels(image);
        for (int p : px) {
            int r = (p >> 16) & 255;
            int g = (p >> 8) & 255;
            int b = p & 255;
            if (r + g + b < 330 && b > r) {
                dark++;
            }
        }
        return dark / (double) px.length;
    }

    /** Fraction of near-white pixels. */
    static double whiteFraction(BufferedImage image) {
        int white = 0;
        int[] px = pixels(image);
        for (int p : px) {
            if (((p >> 16) & 255) > 225 && ((p >> 8) & 255) > 215 && (p & 255) > 220) {
                white++;
            }
        }
        return white / (double) px.length;
    }

    @Test
    void sameSeedSameImagesAndDifferentIndicesDiffer() {
        SyntheticTask task = SyntheticPool.POOL.get(0);
        SyntheticSource a = new SyntheticSource(task, 64, 7);
        SyntheticSource b = new SyntheticSource(task, 64, 7);
        assertArrayEquals(pixels(a.read(5)), pixels(b.read(5)));
        assertFalse(java.util.Arrays.equals(pixels(a.read(5)), pixels(a.read(5 + task.classCount()))));
        assertFalse(java.util.Arrays.equals(pixels(a.read(5)), pixels(new SyntheticSource(task, 64, 8).read(5))));
    }

    @Test
    void labelsCycleAndGroupsHoldAllClasses() {
        SyntheticTask task = SyntheticPool.POOL.get(2);
        SyntheticSource s = new SyntheticSource(task, 64, 1);
        assertEquals(task.classCount() * 400, s.size());
        assertEquals(1, s.label(3));
        int perGroup = task.classCount() * task.groupSize();
        assertEquals("g0", s.group(perGroup - 1));
        assertEquals("g1", s.group(perGroup));
    }

    @Test
    void anySizeFrom64To224() {
        for (int size : List.of(64, 96, 128, 224, 256)) {
            BufferedImage image = new SyntheticSource(SyntheticPool.POOL.get(1), size, 3).read(0);
            assertEquals(size, image.getWidth());
            assertEquals(size, image.getHeight());
        }
    }

    @Test
    void classesShowTheirTissue() {
        double lymph = 0;
        double stroma = 0;
        double fat = 0;
        for (int i = 0; i < 10; i++) {
            lymph += nuclearFraction(TissuePainter.paintRegion(TissueSpec.of(TissueType.LYMPHOCYTES), 64, 64, i));
            stroma += nuclearFraction(TissuePainter.paintRegion(TissueSpec.of(TissueType.STROMA), 64, 64, i));
            fat += whiteFraction(TissuePainter.paintRegion(TissueSpec.of(TissueType.FAT), 64, 64, i));
        }
        assertTrue(lymph > 3 * stroma, "lymphocytes " + lymph / 10 + " vs stroma " + stroma / 10);
        assertTrue(fat / 10 > 0.5, "fat white fraction " + fat / 10);
    }

    @Test
    void densityMultiplierAddsNuclei() {
        double low = 0;
        double high = 0;
        for (int i = 0; i < 10; i++) {
            low += nuclearFraction(TissuePainter.paintRegion(TissueSpec.of(TissueType.STROMA).withDensity(0.3), 96,
                    96, i));
            high += nuclearFraction(TissuePainter.paintRegion(TissueSpec.of(TissueType.STROMA).withDensity(7), 96,
                    96, i));
        }
        assertTrue(high > 5 * low, "high " + high + " low " + low);
    }

    @Test
    void signalMapCoversTheRequestedFraction() {
        for (double signal : new double[] {0.05, 0.1, 0.5, 0.9}) {
            byte[] map = TissuePainter.signalMap(64, signal, new SplittableRandom(3));
            int ones = 0;
            for (byte b : map) {
                ones += b;
            }
            assertEquals(signal, ones / 4096.0, 0.02, "signal " + signal);
        }
        byte[] all = TissuePainter.signalMap(32, 1, new SplittableRandom(1));
        for (byte b : all) {
            assertEquals(1, b);
        }
    }

    @Test
    void thePoolHasRelatedTasksAndHeldOutTargets() {
        assertTrue(SyntheticPool.POOL.size() >= 8);
        for (SyntheticTask t : SyntheticPool.POOL) {
            assertTrue(t.classCount() >= 2 && t.classCount() <= 9, t.name());
        }
        assertEquals(2, SyntheticPool.TARGETS.size());
        Set<String> poolNames = new HashSet<>();
        SyntheticPool.POOL.forEach(t -> poolNames.add(t.name()));
        SyntheticPool.TARGETS.forEach(t -> assertFalse(poolNames.contains(t.name())));
        long tumourTasks = SyntheticPool.POOL.stream()
                .filter(t -> t.classTissues().stream().anyMatch(s -> s.type() == TissueType.TUMOUR)).count();
        assertTrue(tumourTasks >= 3, "tasks sharing tumour tissue: " + tumourTasks);
        for (SyntheticTask target : SyntheticPool.TARGETS) {
            assertTrue(target.classTissues().stream().allMatch(s -> SyntheticPool.POOL.stream()
                    .anyMatch(t -> t.classTissues().stream().anyMatch(p -> p.type() == s.type()))), target.name());
        }
    }

    @Test
    void worldPaintingIsSeamlessAcrossTiles() {
        TissueSpec[] tissues = {TissueSpec.of(TissueType.STROMA), TissueSpec.of(TissueType.TUMOUR)};
        TissueLayout layout = (x, y) -> (x / 50 + y / 40) % 2 == 0 ? 0 : 1;
        BufferedImage whole = TissuePainter.paintWorld(tissues, layout, 300, 500, 128, 128, 4, null);
        BufferedImage tile = TissuePainter.paintWorld(tissues, layout, 364, 564, 64, 64, 4, null);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(whole.getRGB(64 + x, 64 + y), tile.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void openedPoolsMatchTheDefinitions() {
        try (org.histo4j.data.TaskPool pool = SyntheticPool.openPool(64, 1);
                org.histo4j.data.TaskPool targets = SyntheticPool.openTargets(64, 1)) {
            assertEquals(SyntheticPool.POOL.size(), pool.taskCount());
            assertEquals(SyntheticPool.POOL.stream().mapToLong(SyntheticTask::size).sum(), pool.size());
            assertEquals(List.of("syn-target-gland-grade", "syn-target-low-signal"), targets.taskNames());
        }
    }
}

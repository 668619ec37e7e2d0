package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.PoolSplits;
import org.histo4j.data.Split;
import org.histo4j.data.TaskPool;
import org.histo4j.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcamSourceTest {

    static final String PREFIX = PcamSource.DEFAULT_PREFIX;
    static final DatasetManifest MANIFEST = TestImages.manifest("pcam",
            List.of(ClassSpec.unknownCount("no-tumour"), ClassSpec.unknownCount("tumour")), -1, Layout.HDF5_PCAM,
            Map.of(), Grouping.IMAGE);

    @TempDir
    Path root;

    /** Pixel (y, x, c) of image n: a value the test can recompute. */
    static byte value(int n, int y, int x, int c) {
        return (byte) (n * 50 + y + 2 * x + 7 * c);
    }

    static void writeSplit(Path root, String split, int n, byte[] labels) {
        byte[][][][] x = new byte[n][96][96][3];
        byte[][][][] y = new byte[n][1][1][1];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 96; r++) {
                for (int c = 0; c < 96; c++) {
                    for (int ch = 0; ch < 3; ch++) {
                        x[i][r][c][ch] = value(i, r, c, ch);
                    }
                }
            }
            y[i][0][0][0] = labels[i];
        }
        try (WritableHdfFile file = HdfFile.write(root.resolve(PREFIX + split + "_x.h5"))) {
            file.putDataset("x", x);
        }
        try (WritableHdfFile file = HdfFile.write(root.resolve(PREFIX + split + "_y.h5"))) {
            file.putDataset("y", y);
        }
    }

    @Test
    void readsImagesLabelsAndPresetSplits() {
        writeSplit(root, "train", 3, new byte[] {0, 1, 1});
        writeSplit(root, "test", 2, new byte[] {1, 0});
        try (ImageSource s = Sources.open(MANIFEST, root, ImageFailurePolicy.FAIL, 0)) {
            assertEquals(5, s.size());
            assertEquals(List.of(0, 1, 1, 1, 0), List.of(s.label(0), s.label(1), s.label(2), s.label(3), s.label(4)));
            assertEquals(Split.TRAIN, s.presetSplit(2).orElseThrow());
            assertEquals(Split.TEST, s.presetSplit(3).orElseThrow());
            var image = s.read(4);
            assertEquals(96, image.getWidth());
            int rgb = image.getRGB(10, 5);
            assertEquals(value(1, 5, 10, 0) & 0xFF, (rgb >> 16) & 0xFF);
            assertEquals(value(1, 5, 10, 1) & 0xFF, (rgb >> 8) & 0xFF);
            assertEquals(value(1, 5, 10, 2) & 0xFF, rgb & 0xFF);
            assertTrue(s.location(4).endsWith(PREFIX + "test_x.h5#x[1]"), s.location(4));
        }
    }

    @Test
    void poolSplitsKeepThePresetSplits() {
        writeSplit(root, "train", 2, new byte[] {0, 1});
        writeSplit(root, "valid", 1, new byte[] {1});
        try (TaskPool pool = TaskPool.of("p", List.of(Sources.open(MANIFEST, root, ImageFailurePolicy.FAIL, 0)))) {
            PoolSplits splits = PoolSplits.grouped(pool, 0.3, 0.3, 1);
            assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.VALIDATION),
                    List.of(splits.split(0, 0), splits.split(0, 1), splits.split(0, 2)));
        }
    }

    @Test
    void missingFilesAndBadLabelsAreClearErrors() {
        Histo4jException e = assertThrows(Histo4jException.class,
                () -> Sources.open(MANIFEST, root, ImageFailurePolicy.FAIL, 0));
        assertTrue(e.getMessage().contains(PREFIX), e.getMessage());
        writeSplit(root, "valid", 1, new byte[] {2});
        e = assertThrows(Histo4jException.class, () -> Sources.open(MANIFEST, root, ImageFailurePolicy.FAIL, 0));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }
}

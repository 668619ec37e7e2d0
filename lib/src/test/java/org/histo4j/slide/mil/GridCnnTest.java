package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GridCnnTest {

    @Test
    void gridPlacesEachTileAtItsCellAndLeavesBackgroundZero() {
        // two tiles of a 256-px grid: (0,0) and (512,256) -> cells (row 0, col 0) and (row 1, col 2)
        Bag bag = new Bag("s", "p", 1, new float[][] {{1, 2}, {3, 4}}, new int[][] {{0, 0}, {512, 256}});

        GridBatch.Grid grid = GridBatch.withStride(256).grid(bag);

        assertEquals(2, grid.height());
        assertEquals(3, grid.width());
        // channel 0 then channel 1, each row-major 2 x 3
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 4}, grid.values());
    }

    @Test
    void learnsFromTheCompressedGrid() {
        List<Bag> train = SyntheticBags.cohort(60, 20, 8, 3, 3f, 21);
        List<Bag> test = SyntheticBags.cohort(40, 20, 8, 3, 3f, 22);
        SlideTrainer trainer = SlideTrainer.builder().setModel(() -> new GridCnn(2, 16, 2))
                .optInputs(GridBatch.withStride(256)).optEpochs(25).optLearningRate(2e-3f).optSeed(3).build();

        try (TrainedSlideModel model = trainer.fit(train)) {
            double auc = SyntheticBags.auc(model.predict(test));
            assertTrue(auc > 0.8, "grid CNN slide AUC " + auc);
        }
    }
}

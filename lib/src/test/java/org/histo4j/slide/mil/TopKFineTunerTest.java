package org.histo4j.slide.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.junit.jupiter.api.Test;

class TopKFineTunerTest {

    /** Slides of pale pink tiles; positive slides also hold two tiles with a dark purple blob. */
    private static List<SlideTiles> slides(int count, long seed) {
        Random random = new Random(seed);
        List<SlideTiles> slides = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int label = s % 2;
            List<BufferedImage> tiles = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                BufferedImage tile = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = tile.createGraphics();
                g.setColor(new Color(230 + random.nextInt(20), 180 + random.nextInt(30), 200 + random.nextInt(30)));
                g.fillRect(0, 0, 64, 64);
                if (label == 1 && t < 2) {
                    g.setColor(new Color(70, 30, 120));
                    g.fillOval(random.nextInt(20), random.nextInt(20), 40, 40);
                }
                g.dispose();
                tiles.add(tile);
            }
            slides.add(new SlideTiles("s" + s, "p" + s, label, tiles));
        }
        return slides;
    }

    private static float[] runningMeans(Encoder encoder) {
        return encoder.namedParameters().entrySet().stream()
                .filter(e -> e.getValue().getType() == Parameter.Type.RUNNING_MEAN)
                .map(Map.Entry::getValue).findFirst().orElseThrow().getArray().toFloatArray();
    }

    @Test
    void topKSelectionKeepsTheMostAttendedTiles() {
        List<SlideTiles> slides = slides(1, 1);

        List<SlideTiles> top = TopKFineTuner.selectTopK(slides, List.of(new float[] {0.1f, 0.5f, 0, 0.3f, 0, 0.1f}), 2);

        assertEquals(List.of(slides.getFirst().tiles().get(1), slides.getFirst().tiles().get(3)),
                top.getFirst().tiles());
    }

    @Test
    void fineTuningLowersTheLossAndLeavesFrozenBatchNormStatisticsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            AttentionMil head = AttentionMil.builder().optHidden(16).optAttention(8).optDropout(0).build();
            float[] before = runningMeans(encoder);
            List<Double> losses;
            SlidePrediction p;
            try (TopKFineTuner tuner = TopKFineTuner.builder().setEncoder(encoder).setAttention(head)
                    .optEpochs(6).optLearningRate(1e-3f).optSeed(3).build()) {
                losses = tuner.fit(slides(8, 2));
                p = tuner.predict(slides(2, 5)).get(1);
            }

            assertTrue(losses.getLast() < losses.getFirst(), "loss per epoch " + losses);
            assertArrayEquals(before, runningMeans(encoder), "batch-norm statistics moved although frozen");
            assertEquals(1f, p.tileWeights()[0] + p.tileWeights()[1] + p.tileWeights()[2] + p.tileWeights()[3]
                    + p.tileWeights()[4] + p.tileWeights()[5], 1e-5f);
        }
    }

    @Test
    void unfrozenBatchNormDoesMove() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            float[] before = runningMeans(encoder);
            try (TopKFineTuner tuner = TopKFineTuner.builder().setEncoder(encoder)
                    .setAttention(AttentionMil.builder().optHidden(16).optAttention(8).build())
                    .optBatchNormFrozen(false).optEpochs(1).build()) {
                tuner.fit(slides(4, 2));
            }

            assertFalse(Arrays.equals(before, runningMeans(encoder)), "control: training mode updates statistics");
        }
    }
}

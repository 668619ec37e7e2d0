package org.histo4j.slide.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    @Test
    void rankScalingSharesTiedRanks() {
        // sorted: 0.1 (rank 0), 0.5 and 0.5 (ranks 1 and 2 -> 1.5), 0.9 (rank 3); divided by n - 1 = 3
        assertArrayEquals(new double[] {0.5, 0, 1, 0.5}, Heatmap.scale(new float[] {0.5f, 0.1f, 0.9f, 0.5f},
                Heatmap.Scaling.RANK), 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 1}, Heatmap.scale(new float[] {2, 1, 3}, Heatmap.Scaling.MIN_MAX),
                1e-12);
    }

    @Test
    void topKIsLargestFirst() {
        assertArrayEquals(new int[] {2, 0, 3}, Heatmap.topK(new float[] {0.3f, 0.1f, 0.9f, 0.3f}, 3));
    }

    @Test
    void tilesArePaintedAtTheirThumbnailPosition() {
        // a 100x100 white thumbnail of a 400x400 slide (downsample 4); one 100-px tile at (200, 0) -> (50..75, 0..25)
        BufferedImage white = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                white.setRGB(x, y, 0xFFFFFF);
            }
        }
        BufferedImage map = Heatmap.builder(white, 4).setTiles(new int[][] {{200, 0}}, 100, new float[] {1})
                .optOpacity(1).optColormap(Colormap.VIRIDIS).build().render();

        assertEquals(Colormap.VIRIDIS.rgb(1), map.getRGB(60, 10) & 0xFFFFFF);
        assertEquals(0xFFFFFF, map.getRGB(40, 10) & 0xFFFFFF);
        assertEquals(0xFFFFFF, map.getRGB(60, 30) & 0xFFFFFF);
        assertEquals(100 + Heatmap.LEGEND_HEIGHT, map.getHeight(), "thumbnail plus the legend");
    }

    @Test
    void legendStatesTheScaleItColoursWith() {
        Heatmap.Builder builder = Heatmap.builder(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), 1)
                .setTiles(new int[][] {{0, 0}, {5, 0}, {0, 5}}, 5, new float[] {0.0125f, 0.5f, 0.25f})
                .optLegend("attention weight");

        assertArrayEquals(new String[] {"0.0125", "attention weight: linear, min to max (viridis)", "0.500"},
                builder.build().legendLabels());
        assertArrayEquals(new String[] {"lowest", "attention weight: rank among tiles (viridis)", "highest"},
                builder.optScaling(Heatmap.Scaling.RANK).build().legendLabels());
        assertArrayEquals(new double[] {0, 1, 0.48718}, builder.optScaling(Heatmap.Scaling.MIN_MAX).build()
                .scaledValues(), 1e-4, "min-max keeps proportions");
    }

    @Test
    void logScaleClipsAtTheFifthPercentileAndStatesItsRange() {
        // 20 tiles: three lesion tiles 0.39, 0.32, 0.19 (the slide) and 17 at 0.001..0.005; ten zeros are
        // not positive. Positive values sorted: 0.001 x 4, 0.002 x 4, ...; 5th percentile of 20 -> rank ceil(1) = 1st
        float[] values = new float[23];
        values[0] = 0.39f;
        values[1] = 0.32f;
        values[2] = 0.19f;
        for (int i = 3; i < 20; i++) {
            values[i] = 0.001f * (1 + (i - 3) / 4);
        }
        int[][] coords = new int[23][];
        for (int i = 0; i < 23; i++) {
            coords[i] = new int[] {i, 0};
        }
        Heatmap map = Heatmap.builder(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), 1)
                .setTiles(coords, 1, values).optScaling(Heatmap.Scaling.LOG).optLegend("attention weight").build();

        assertArrayEquals(new String[] {"<=0.00100", "attention weight: log scale, 0.00100 to 0.390, lower values"
                + " clipped at the 5th percentile (viridis)", "0.390"}, map.legendLabels());
        double[] scaled = map.scaledValues();
        assertEquals(1, scaled[0], 1e-6);
        // log(0.19 / 0.001) / log(0.39 / 0.001): a lesion tile 2x below the top sits high on the bar, not at half
        assertEquals(Math.log(0.19 / 0.001) / Math.log(0.39 / 0.001), scaled[2], 1e-5);
        assertEquals(0, scaled[3], 1e-6);
        assertEquals(0, scaled[22], 1e-6, "zero is clipped to the low end");
    }

    @Test
    void lesionOutlineIsExactlyTheMaskBoundary() {
        // a 40x30 thumbnail, an L-shaped lesion at thumbnail resolution, tiles invisible (opacity 0)
        BufferedImage white = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                white.setRGB(x, y, 0xFFFFFF);
            }
        }
        boolean[][] lesion = new boolean[30][40];
        for (int y = 5; y < 20; y++) {
            for (int x = 8; x < 30; x++) {
                lesion[y][x] = x < 15 || y > 14;
            }
        }
        BufferedImage map = Heatmap.builder(white, 1).setTiles(new int[][] {{0, 0}}, 10, new float[] {1})
                .optOpacity(0).optLesionMask(lesion).build().render();

        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                // boundary computed here independently: inside, with a 4-neighbour outside
                boolean boundary = lesion[y][x] && (!lesion[y - 1][x] || !lesion[y + 1][x] || !lesion[y][x - 1]
                        || !lesion[y][x + 1]);
                assertEquals(boundary ? Heatmap.LESION_RGB : 0xFFFFFF, map.getRGB(x, y) & 0xFFFFFF,
                        "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void colormapIsPerceptuallyUniformViridisWhoseLightnessRisesSteadily() {
        // viridis' luma increases monotonically from dark purple to yellow: no bright band in the middle as in jet
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            int rgb = Colormap.VIRIDIS.rgb(i / 100.0);
            double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
            org.junit.jupiter.api.Assertions.assertTrue(luma > previous, "luma falls at " + i / 100.0);
            previous = luma;
        }
    }

    @Test
    void colormapEndsAreTheFirstAndLastStops() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0));
        assertEquals(0xFDE725, Colormap.VIRIDIS.rgb(1));
        assertEquals(0xFDE725, Colormap.VIRIDIS.rgb(7));
    }
}

package org.histo4j.slide.mil;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The compressed slide of Neural Image Compression: each tile's feature vector placed at its grid cell, giving a
 * {@code C x H x W} array (C = feature width, one cell per tile stride) whose background cells are zero. A batch
 * pads smaller grids with zeros at the right and bottom, which is background too.
 */
public final class GridBatch implements SlideInputs {

    private final int stride;

    private GridBatch(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("tile stride must be positive, got " + stride);
        }
        this.stride = stride;
    }

    /** Grids whose cells are {@code stride} level-0 pixels apart (the tile size when tiles do not overlap). */
    public static GridBatch withStride(int stride) {
        return new GridBatch(stride);
    }

    /** The grid of one bag as a flat C x H x W array, with its height and width. */
    public record Grid(float[] values, int channels, int height, int width) {}

    /** Places a bag's features on its grid. */
    public Grid grid(Bag bag) {
        int height = 0;
        int width = 0;
        for (int[] xy : bag.coords()) {
            width = Math.max(width, xy[0] / stride + 1);
            height = Math.max(height, xy[1] / stride + 1);
        }
        int channels = bag.featureWidth();
        float[] values = new float[channels * height * width];
        for (int k = 0; k < bag.size(); k++) {
            int col = bag.coords()[k][0] / stride;
            int row = bag.coords()[k][1] / stride;
            for (int c = 0; c < channels; c++) {
                values[(c * height + row) * width + col] = bag.features()[k][c];
            }
        }
        return new Grid(values, channels, height, width);
    }

    @Override
    public NDList inputs(NDManager manager, List<Bag> bags) {
        List<Grid> grids = bags.stream().map(this::grid).toList();
        int channels = grids.getFirst().channels();
        int height = grids.stream().mapToInt(Grid::height).max().orElseThrow();
        int width = grids.stream().mapToInt(Grid::width).max().orElseThrow();
        float[] batch = new float[grids.size() * channels * height * width];
        for (int b = 0; b < grids.size(); b++) {
            Grid g = grids.get(b);
            for (int c = 0; c < channels; c++) {
                for (int row = 0; row < g.height(); row++) {
                    System.arraycopy(g.values(), (c * g.height() + row) * g.width(), batch,
                            ((b * channels + c) * height + row) * width, g.width());
                }
            }
        }
        return new NDList(manager.create(batch, new Shape(grids.size(), channels, height, width)));
    }
}

package org.histo4j.slide.mil;

/**
 * Where TransMIL's squared sequences sit in a batch: bag b's n_b real tiles, followed by its first s_b^2 - n_b tiles
 * again (s_b = ceil(sqrt(n_b))), fill the top-left s_b x s_b corner of an S x S grid row by row, S the largest s_b.
 * Computed on the host from the tile mask; the arrays are flat, bag-major.
 *
 * @param side S, the side of the batch's grid
 * @param tokenTile for each bag and grid cell (B x S^2), the tile (index along the bag's N) whose token fills it;
 *     0 for cells outside the bag's corner
 * @param gridMask for each bag and grid cell, 1 inside the bag's corner, 0 outside
 * @param firstCell for each bag and tile (B x N), the cell holding the tile; S^2 (an extra, empty column) for padding
 * @param repeatCell for each bag and tile, the cell holding its repeat, or S^2 when it is not repeated
 */
record SquareLayout(int side, long[] tokenTile, float[] gridMask, long[] firstCell, long[] repeatCell) {

    /** The layout of {@code bags} bags of {@code longest} tiles with mask {@code mask} (B x N, 1 for real tiles). */
    static SquareLayout of(float[] mask, int bags, int longest) {
        int[][] real = new int[bags][];
        int side = 1;
        for (int b = 0; b < bags; b++) {
            int[] positions = new int[longest];
            int n = 0;
            for (int k = 0; k < longest; k++) {
                if (mask[b * longest + k] > 0) {
                    positions[n++] = k;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("bag " + b + " of the batch has no tile: its mask is all zero");
            }
            real[b] = java.util.Arrays.copyOf(positions, n);
            side = Math.max(side, sideOf(n));
        }
        int cells = side * side;
        long[] tokenTile = new long[bags * cells];
        float[] gridMask = new float[bags * cells];
        long[] firstCell = new long[bags * longest];
        long[] repeatCell = new long[bags * longest];
        java.util.Arrays.fill(firstCell, cells);
        java.util.Arrays.fill(repeatCell, cells);
        for (int b = 0; b < bags; b++) {
            int n = real[b].length;
            int own = sideOf(n);
            for (int j = 0; j < own * own; j++) {
                int cell = (j / own) * side + j % own;
                int tile = real[b][j % n];
                tokenTile[b * cells + cell] = tile;
                gridMask[b * cells + cell] = 1f;
                (j < n ? firstCell : repeatCell)[b * longest + tile] = cell;
            }
        }
        return new SquareLayout(side, tokenTile, gridMask, firstCell, repeatCell);
    }

    /** The number of grid cells, S^2. */
    int cells() {
        return side * side;
    }

    private static int sideOf(int n) {
        int side = (int) Math.ceil(Math.sqrt(n));
        return side * side < n ? side + 1 : side;
    }
}

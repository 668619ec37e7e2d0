package org.histo4j.slide;

/**
 * One tile of a {@link TileGrid}: where it lies on the slide, how to read it and how much tissue it holds.
 * Read {@code readSize x readSize} pixels of {@code level} at ({@code x}, {@code y}) and resize them to
 * {@code outputSize x outputSize} ({@link TileReader} does both).
 *
 * @param column the tile's column in the grid
 * @param row the tile's row in the grid
 * @param x left edge in level-0 pixels
 * @param y top edge in level-0 pixels
 * @param level the pyramid level to read
 * @param readSize the side of the square read at {@code level}, in that level's pixels
 * @param outputSize the side of the tile handed out, in pixels at the grid's mpp
 * @param level0Size the side the tile covers in level-0 pixels
 * @param tissueFraction the share of tissue under the tile, in [0, 1] (1 when no mask was used)
 */
public record Tile(int column, int row, long x, long y, int level, int readSize, int outputSize, long level0Size,
        double tissueFraction) {

    /** Validates the tile. */
    public Tile {
        if (column < 0 || row < 0 || x < 0 || y < 0 || level < 0) {
            throw new IllegalArgumentException("tile position must not be negative: column " + column + ", row "
                    + row + ", x " + x + ", y " + y + ", level " + level);
        }
        if (readSize <= 0 || outputSize <= 0 || level0Size <= 0) {
            throw new IllegalArgumentException("tile sizes must be positive: read " + readSize + ", output "
                    + outputSize + ", level 0 " + level0Size);
        }
        if (!(tissueFraction >= 0 && tissueFraction <= 1)) {
            throw new IllegalArgumentException("tissue fraction must be in [0, 1], got " + tissueFraction);
        }
    }

    /** Whether the pixels read must be resized to reach the output size. */
    public boolean needsResize() {
        return readSize != outputSize;
    }
}

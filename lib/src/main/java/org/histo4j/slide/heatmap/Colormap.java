package org.histo4j.slide.heatmap;

/**
 * Maps a value in [0, 1] to a colour. Only perceptually uniform maps are offered: equal steps in value look like
 * equal steps in colour, and the map stays readable in grey and by colour-blind readers. Rainbow maps such as jet
 * are left out on purpose: their bright bands (cyan, yellow) invent edges that are not in the data.
 */
public enum Colormap {
    /** Viridis (matplotlib), sampled at 9 stops and linearly interpolated. */
    VIRIDIS(new int[] {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725});

    private final int[] stops;

    Colormap(int[] stops) {
        this.stops = stops;
    }

    /** The RGB colour of {@code value}, clamped to [0, 1]. */
    public int rgb(double value) {
        double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
        double position = v * (stops.length - 1);
        int low = Math.min(stops.length - 2, (int) Math.floor(position));
        double t = position - low;
        int a = stops[low];
        int b = stops[low + 1];
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
        int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return (r << 16) | (g << 8) | bl;
    }
}

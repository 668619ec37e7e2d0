package org.histo4j.data;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Images side by side in a grid, each with a caption below: example patches per class, top-k tiles, a batch.
 */
public final class ImageGrid {

    private static final int CAPTION_HEIGHT = 14;

    private ImageGrid() {}

    /** A grid of {@code columns} cells of {@code cellSize} pixels; images are scaled to fit their cell. */
    public static BufferedImage of(List<BufferedImage> images, List<String> captions, int columns, int cellSize) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("image grid: no images");
        }
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException("image grid: " + images.size() + " images but " + captions.size()
                    + " captions");
        }
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * cellSize, rows * (cellSize + CAPTION_HEIGHT),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < images.size(); i++) {
                int x = (i % columns) * cellSize;
                int y = (i / columns) * (cellSize + CAPTION_HEIGHT);
                g.drawImage(images.get(i), x + 1, y + 1, cellSize - 2, cellSize - 2, null);
                g.setColor(Color.DARK_GRAY);
                g.drawString(fit(g, captions.get(i), cellSize - 4), x + 2, y + cellSize + CAPTION_HEIGHT - 3);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String fit(Graphics2D g, String caption, int width) {
        String text = caption;
        while (text.length() > 1 && g.getFontMetrics().stringWidth(text) > width) {
            text = text.substring(0, text.length() - 1);
        }
        return text.equals(caption) ? text : text.substring(0, Math.max(1, text.length() - 1)) + "…";
    }
}

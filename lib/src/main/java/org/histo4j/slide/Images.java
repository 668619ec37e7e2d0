package org.histo4j.slide;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.histo4j.data.image.Resize;

/** Image helpers shared by the slide classes: flattening onto white (resizing is {@link Resize}, the one resize). */
final class Images {

    private Images() {}

    /** Draws an ARGB image over white, giving an opaque RGB image (transparent slide background becomes white). */
    static BufferedImage onWhite(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}

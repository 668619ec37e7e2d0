package org.histo4j.data.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.histo4j.Histo4jException;
import org.histo4j.data.UnreadableImageException;

/**
 * Decodes image files strictly. {@link ImageIO#read} returns whatever it decoded: a JPEG cut short comes back
 * grey-padded, with the "premature end" only reported to warning listeners. Here any warning of the reader (a
 * truncated JPEG, corrupt data) or a decoding error (a PNG whose image data ends early) makes the file unreadable,
 * so that the source's failure policy decides what happens to it.
 */
public final class ImageFiles {

    private ImageFiles() {}

    /** The decoded image of {@code file}; an {@link UnreadableImageException} naming the file and the problem. */
    public static BufferedImage decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new UnreadableImageException(file.toString(), "cannot be opened", null);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException(file.toString(), "no image decoder recognises it", null);
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(file.toString(), "truncated or corrupt "
                            + reader.getFormatName() + " data (" + warnings.getFirst() + ")", null);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableImageException u) {
                throw u;
            }
            throw new UnreadableImageException(file.toString(), "truncated or corrupt: " + Histo4jException.reason(e), e);
        }
    }
}

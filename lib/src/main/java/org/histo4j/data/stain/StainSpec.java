package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.histo4j.data.image.Patch;

/**
 * A stain normaliser as a user names it: {@code none}, {@code reinhard:REF} or {@code macenko:REF}, where REF is an
 * image file to fit on or a normaliser saved as JSON by {@link StainNormalizer#save}. Parsing checks the form only;
 * {@link #normalizer()} reads the reference.
 *
 * @param method    {@code none}, {@code reinhard} or {@code macenko}
 * @param reference the reference image or JSON file; {@code null} for {@code none}
 */
public record StainSpec(String method, Path reference) {

    /** No normalisation. */
    public static final StainSpec NONE = new StainSpec("none", null);

    /** Checks the method and that a reference is given exactly when one is needed. */
    public StainSpec {
        if (!method.equals("none") && !method.equals("reinhard") && !method.equals("macenko")) {
            throw new IllegalArgumentException("unknown stain normalisation '" + method
                    + "' (known: none, reinhard:REF, macenko:REF)");
        }
        if (method.equals("none") != (reference == null)) {
            throw new IllegalArgumentException(method.equals("none") ? "none takes no reference"
                    : method + " needs a reference: " + method + ":IMAGE or " + method + ":NORMALISER.json");
        }
    }

    /** Parses {@code none}, {@code reinhard:REF} or {@code macenko:REF}. */
    public static StainSpec parse(String text) {
        int colon = text.indexOf(':');
        String method = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String ref = colon < 0 ? "" : text.substring(colon + 1).trim();
        return new StainSpec(method, ref.isEmpty() ? null : Path.of(ref));
    }

    /**
     * The normaliser: {@link StainNormalizer#none()}, a saved one (its method must match), or one fitted on the
     * reference image.
     *
     * @throws IOException when the reference cannot be read or is not an image or a normaliser of this method
     */
    public StainNormalizer normalizer() throws IOException {
        if (reference == null) {
            return StainNormalizer.none();
        }
        if (!Files.isRegularFile(reference)) {
            throw new IOException("stain reference not found: " + reference);
        }
        if (reference.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            StainNormalizer loaded = StainNormalizer.load(reference);
            if (!loaded.method().equals(method)) {
                throw new IOException(reference + " holds a " + loaded.method() + " normaliser, not " + method);
            }
            return loaded;
        }
        BufferedImage image = ImageIO.read(reference.toFile());
        if (image == null) {
            throw new IOException("stain reference " + reference + " is neither a readable image nor a .json"
                    + " normaliser");
        }
        Patch patch = Patch.of(image);
        try {
            return method.equals("reinhard") ? ReinhardNormalizer.builder().addReference(patch).build()
                    : MacenkoNormalizer.builder().addReference(patch).build();
        } catch (IllegalArgumentException e) {
            throw new IOException("stain reference " + reference + ": " + e.getMessage(), e);
        }
    }

    /** {@code method} or {@code method:reference}, as parsed. */
    @Override
    public String toString() {
        return reference == null ? method : method + ":" + reference;
    }
}

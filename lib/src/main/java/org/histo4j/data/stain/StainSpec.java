package org.histo4j.data.stain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.histo4j.data.image.Patch;

/**
 * A stain normaliser as a user names it: {@code none}, {@code reinhard:REF}, {@code macenko:REF} or {@code
 * vahadane:REF} (the same with stain vectors by sparse factorisation, see {@link MacenkoNormalizer}), where REF is an
 * image file to fit on or a normaliser saved as JSON by {@link StainNormalizer#save}; and, for whole slides, {@code
 * macenko:slide} or {@code macenko:slide=REF}: each slide's own stain vectors are fitted once on its tissue thumbnail
 * and every tile of it is mapped to {@link MacenkoNormalizer#STANDARD} (or to REF's stains). A reference file
 * literally named {@code slide} is written {@code macenko:./slide}. {@code vahadane:slide} works the same way. Parsing
 * checks the form only; {@link #normalizer()} reads the reference.
 *
 * @param method    {@code none}, {@code reinhard}, {@code macenko} or {@code vahadane}
 * @param reference the reference image or JSON file; {@code null} for {@code none} and for {@code macenko:slide}
 * @param perSlide  whether each slide's stains are fitted on the slide ({@code macenko:slide...})
 */
public record StainSpec(String method, Path reference, boolean perSlide) {

    /** No normalisation. */
    public static final StainSpec NONE = new StainSpec("none", null);

    private static final String SLIDE = "slide";

    /** Checks the method and that a reference is given exactly when one is needed. */
    public StainSpec {
        if (!method.equals("none") && !method.equals("reinhard") && !stainVectors(method)) {
            throw new IllegalArgumentException("unknown stain normalisation '" + method
                    + "' (known: none, reinhard:REF, macenko:REF, vahadane:REF, macenko:slide, macenko:slide=REF,"
                    + " vahadane:slide, vahadane:slide=REF)");
        }
        if (perSlide && !stainVectors(method)) {
            throw new IllegalArgumentException(method + ":slide is not available: only macenko and vahadane fit"
                    + " each slide's stains (macenko:slide or macenko:slide=REF)");
        }
        if (!perSlide && method.equals("none") != (reference == null)) {
            throw new IllegalArgumentException(method.equals("none") ? "none takes no reference"
                    : method + " needs a reference: " + method + ":IMAGE or " + method + ":NORMALISER.json");
        }
    }

    /** Whether {@code method} normalises by stain vectors (Macenko's or Vahadane's). */
    private static boolean stainVectors(String method) {
        return MacenkoNormalizer.Estimation.byMethod(method).isPresent();
    }

    /** A stain-vector normaliser builder of this spec's method. */
    private MacenkoNormalizer.Builder stainVectorBuilder() {
        return MacenkoNormalizer.builder(MacenkoNormalizer.Estimation.byMethod(method).orElseThrow());
    }

    /** A spec fitted on a reference only ({@code none}, {@code reinhard:REF}, {@code macenko:REF}). */
    public StainSpec(String method, Path reference) {
        this(method, reference, false);
    }

    /** Parses {@code none}, {@code reinhard:REF}, {@code macenko:REF}, {@code macenko:slide} or {@code macenko:slide=REF}. */
    public static StainSpec parse(String text) {
        int colon = text.indexOf(':');
        String method = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String ref = colon < 0 ? "" : text.substring(colon + 1).trim();
        boolean perSlide = ref.equals(SLIDE) || ref.startsWith(SLIDE + "=");
        if (perSlide) {
            ref = ref.substring(SLIDE.length()).replaceFirst("^=", "").trim();
            if (ref.isEmpty() && text.contains("=")) {
                throw new IllegalArgumentException(method + ":slide= needs a reference after '='"
                        + " (or write " + method + ":slide for the standard reference)");
            }
        }
        return new StainSpec(method, ref.isEmpty() ? null : Path.of(ref), perSlide);
    }

    /**
     * The normaliser: {@link StainNormalizer#none()}, a saved one (its method must match), or one fitted on the
     * reference image. For {@code macenko:slide} this is the reference the slides are mapped to
     * ({@link MacenkoNormalizer#STANDARD} when no REF is given), each slide's own stains still to be set with
     * {@link MacenkoNormalizer#withSource}.
     *
     * @throws IOException when the reference cannot be read or is not an image or a normaliser of this method
     */
    public StainNormalizer normalizer() throws IOException {
        if (reference == null) {
            return perSlide ? stainVectorBuilder().optReference(MacenkoNormalizer.STANDARD).build()
                    : StainNormalizer.none();
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
                    : stainVectorBuilder().addReference(patch).build();
        } catch (IllegalArgumentException e) {
            throw new IOException("stain reference " + reference + ": " + e.getMessage(), e);
        }
    }

    /** {@code method}, {@code method:reference}, {@code macenko:slide} or {@code macenko:slide=reference}, as parsed. */
    @Override
    public String toString() {
        if (perSlide) {
            return method + ":" + SLIDE + (reference == null ? "" : "=" + reference);
        }
        return reference == null ? method : method + ":" + reference;
    }
}

package org.histo4j.slide.encode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.data.stain.StainMatrix;
import org.histo4j.slide.TissueMask;

/**
 * How the tiles of each slide are stain-normalised by a {@link SlideEncoder}: one normaliser for every slide
 * ({@link #of}), or Macenko (or Vahadane) with each slide's own stain vectors fitted once on its tissue thumbnail
 * ({@link #macenkoPerSlide}, {@code slide encode --stain macenko:slide} or {@code vahadane:slide}; the reference
 * normaliser's estimation is the one used).
 *
 * <p>Per slide: the thumbnail the tissue detector reads (its longer side {@code TissueDetector.optThumbnailSize},
 * default 1024 px) is cut to the pixels the tissue mask keeps, the Macenko estimate runs on them
 * ({@link MacenkoNormalizer#estimate}, sampled like any large image), and every tile of that slide is unmixed with
 * that matrix and rebuilt with the reference's ({@link MacenkoNormalizer#withSource}); no tile is estimated on its
 * own. A slide whose stains cannot be estimated (too little tissue, a single stain) passes through unnormalised and
 * its record says so. The bags of a cohort share one {@link #identity()} (their normalisation, which
 * {@code BagCohort.read} checks), while each slide's fitted normaliser is part of that slide's bag description and
 * saved beside its bag ({@code <slide>.stain.json}), so a bag made with another normaliser or another fit is stale.
 */
public final class SlideStain {

    /** Every slide normalised alike: no normalisation. */
    public static final SlideStain NONE = of(StainNormalizer.NONE);

    private final StainNormalizer fixed;
    private final MacenkoNormalizer reference;

    private SlideStain(StainNormalizer fixed, MacenkoNormalizer reference) {
        this.fixed = fixed;
        this.reference = reference;
    }

    /** The same normaliser for every slide (e.g. {@code --stain macenko:REF}, estimating each tile's stains). */
    public static SlideStain of(StainNormalizer normalizer) {
        if (normalizer == null) {
            throw new IllegalArgumentException("optStainNormalizer: a normaliser is required (StainNormalizer.NONE"
                    + " for none)");
        }
        return new SlideStain(normalizer, null);
    }

    /** Each slide's stains fitted on its tissue thumbnail and mapped to {@code reference}'s (its options kept). */
    public static SlideStain macenkoPerSlide(MacenkoNormalizer reference) {
        if (reference == null) {
            throw new IllegalArgumentException("optSlideStain: a reference normaliser is required, e.g."
                    + " MacenkoNormalizer.builder().optReference(MacenkoNormalizer.STANDARD).build()");
        }
        return new SlideStain(null, reference);
    }

    /** The fixed normaliser, or for a per-slide fit the reference normaliser the slides are mapped to. */
    public StainNormalizer normalizer() {
        return fixed != null ? fixed : reference;
    }

    /** Whether each slide gets its own fit. */
    public boolean perSlide() {
        return reference != null;
    }

    /**
     * What every bag of the cohort records as its stain normaliser: the fixed normaliser's identity, or
     * {@code macenko:slide->} and the reference normaliser's identity.
     */
    public String identity() {
        return fixed != null ? fixed.identity() : reference.method() + ":slide->" + reference.identity();
    }

    /**
     * The normaliser of one slide: the fixed one, or the reference with the stains of the tissue pixels of
     * {@code thumbnail} (the mask must have the thumbnail's size).
     */
    public Fitted fit(BufferedImage thumbnail, TissueMask mask) {
        if (fixed != null) {
            return new Fitted(fixed, fixed.identity(), null);
        }
        StainMatrix stains = reference.estimate(tissuePixels(thumbnail, mask));
        if (stains == null) {
            org.histo4j.data.stain.StainNormalizer none = org.histo4j.data.stain.StainNormalizer.none();
            return new Fitted(none, identity(), none);
        }
        MacenkoNormalizer own = reference.withSource(stains);
        return new Fitted(own, identity(), own);
    }

    /** The file beside a bag that holds its slide's fitted stain normaliser: {@code <slide>.stain.json}. */
    public static Path fileBeside(Path bagFile) {
        String name = bagFile.getFileName().toString().replaceFirst("\\.h5$", "");
        return bagFile.resolveSibling(name + ".stain.json");
    }

    /** The tissue pixels of a thumbnail as a one-row patch. */
    static Patch tissuePixels(BufferedImage thumbnail, TissueMask mask) {
        int width = thumbnail.getWidth();
        int height = thumbnail.getHeight();
        if (mask.width() != width || mask.height() != height) {
            throw new IllegalArgumentException("the tissue mask (" + mask.width() + "x" + mask.height()
                    + ") must have the thumbnail's size (" + width + "x" + height + ")");
        }
        int[] argb = thumbnail.getRGB(0, 0, width, height, null, 0, width);
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                n += mask.isTissue(x, y) ? 1 : 0;
            }
        }
        float[] pixels = new float[3 * Math.max(1, n)];
        int k = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask.isTissue(x, y)) {
                    int p = argb[y * width + x];
                    pixels[k] = ((p >> 16) & 0xff) / 255f;
                    pixels[n + k] = ((p >> 8) & 0xff) / 255f;
                    pixels[2 * n + k] = (p & 0xff) / 255f;
                    k++;
                }
            }
        }
        if (n == 0) { // no tissue: one white pixel, which the estimate refuses
            java.util.Arrays.fill(pixels, 1f);
        }
        return new Patch(Math.max(1, n), 1, pixels);
    }

    /**
     * One slide's normaliser as the image path takes it (applies {@code normalizer}, reports the cohort's
     * {@code identity}), with the fitted normaliser to record beside the bag ({@code null} for a fixed one).
     *
     * @param normalizer the normaliser applied to the slide's tiles
     * @param identity   the cohort-wide identity its bag's normalisation records
     * @param fitted     the slide's own fitted normaliser, saved with the bag; {@code null} when not per slide
     */
    public record Fitted(StainNormalizer normalizer, String identity, org.histo4j.data.stain.StainNormalizer fitted)
            implements StainNormalizer {

        @Override
        public Patch apply(Patch patch) {
            return normalizer.apply(patch);
        }

        @Override
        public Patch apply(BufferedImage image) {
            return normalizer.apply(image);
        }

        /** Whether this slide's fitted normaliser is saved beside {@code bagFile} (true when not fitted per slide). */
        public boolean isSavedBeside(Path bagFile) {
            return fitted == null || Files.isRegularFile(fileBeside(bagFile));
        }

        /** Saves the fitted normaliser beside {@code bagFile}, under a temporary name renamed when complete. */
        public void saveBeside(Path bagFile) {
            if (fitted == null) {
                return;
            }
            Path file = fileBeside(bagFile);
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try {
                fitted.save(partial);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the slide's stain normaliser " + file, e);
            }
        }
    }
}

package org.histo4j.slide.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import javax.imageio.ImageIO;
import org.histo4j.data.Csv;

/**
 * A labelled cohort of synthetic slides: half positive (with lesions covering {@code lesionFraction} of the
 * tissue), half negative, each slide its own patient. Written as {@code slides/slide-NNN.tif}, the true lesion mask
 * of each slide as {@code masks/slide-NNN.png} (white = lesion, one pixel per {@link #MASK_DOWNSAMPLE} level-0
 * pixels; black for negative slides) and a manifest {@code cohort.csv}
 * ({@code slide,path,label,group,lesion_fraction,width,height,lesion_mask,lab}, paths relative to the manifest; width and
 * height are the level-0 size, which the mask covers from the top-left corner; {@code lab} names the lab whose stains
 * painted the slide, {@link SlidePainter#labName}, e.g. from {@code HistologySlidePainter.perSlide(labs)}). Slides already written are kept, so
 * an interrupted generation resumes. {@code org.histo4j.slide.encode.SlideCohort#lesionMasks} reads the masks back.
 */
public final class SyntheticCohort {

    /** The manifest's file name inside the cohort folder. */
    public static final String MANIFEST = "cohort.csv";

    /** Level-0 pixels per pixel of the lesion masks. */
    public static final int MASK_DOWNSAMPLE = 16;

    /** One slide of a cohort, as listed in the manifest, with its lesion mask file. */
    public record Entry(String slideId, Path path, int label, String group, double lesionFraction, Path lesionMask,
            String lab) {}

    private final int slides;
    private final int width;
    private final int height;
    private final int islands;
    private final double lesionFraction;
    private final int lesionRadius;
    private final double mpp;
    private final long seed;
    private final LongFunction<SlidePainter> painter;

    private SyntheticCohort(Builder b) {
        this.slides = b.slides;
        this.width = b.width;
        this.height = b.height;
        this.islands = b.islands;
        this.lesionFraction = b.lesionFraction;
        this.lesionRadius = b.lesionRadius;
        this.mpp = b.mpp;
        this.seed = b.seed;
        this.painter = b.painter;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Writes (or completes) the cohort in {@code dir}; returns its entries in slide order. */
    public List<Entry> write(Path dir) throws IOException {
        Path slideDir = dir.resolve("slides");
        Files.createDirectories(slideDir);
        Path maskDir = dir.resolve("masks");
        Files.createDirectories(maskDir);
        SyntheticSlideWriter writer = SyntheticSlideWriter.create(mpp, (int) Math.round(10 / mpp));
        List<Entry> entries = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < slides; i++) {
            String id = String.format(Locale.ROOT, "slide-%03d", i);
            int label = i % 2;
            long slideSeed = seed * 1_000_003L + i;
            SlideLayout layout = SlideLayout.generate(width, height, islands, label == 1 ? lesionFraction : 0,
                    lesionRadius, slideSeed);
            Path file = slideDir.resolve(id + ".tif");
            SlidePainter slidePainter = painter.apply(slideSeed);
            if (!Files.exists(file)) {
                Path partial = slideDir.resolve(id + ".partial.tif");
                Files.deleteIfExists(partial);
                writer.write(layout, slidePainter, partial);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
            Path mask = maskDir.resolve(id + ".png");
            if (!Files.exists(mask)) {
                Path partial = maskDir.resolve(id + ".partial.png");
                ImageIO.write(layout.lesionMask(MASK_DOWNSAMPLE).toImage(), "png", partial.toFile());
                Files.move(partial, mask, StandardCopyOption.ATOMIC_MOVE);
            }
            double achieved = layout.lesionFractionOfTissue(16);
            entries.add(new Entry(id, file, label, "patient-" + id, achieved, mask, slidePainter.labName()));
            rows.add(List.of(id, "slides/" + id + ".tif", label, "patient-" + id,
                    String.format(Locale.ROOT, "%.5f", achieved), width, height, "masks/" + id + ".png",
                    slidePainter.labName()));
        }
        Csv.write(dir.resolve(MANIFEST), List.of("slide", "path", "label", "group", "lesion_fraction", "width", "height",
                "lesion_mask", "lab"), rows);
        return entries;
    }

    /** Configures a {@link SyntheticCohort}. */
    public static final class Builder {
        private int slides = 20;
        private int width = 6144;
        private int height = 4096;
        private int islands = 3;
        private double lesionFraction = 0.05;
        private int lesionRadius = 160;
        private double mpp = 0.5;
        private long seed = 1;
        private LongFunction<SlidePainter> painter;

        private Builder() {}

        /** How each slide is painted, given its seed (required). */
        public Builder setPainter(LongFunction<SlidePainter> painter) {
            this.painter = painter;
            return this;
        }

        /** Number of slides, half positive (default 20). */
        public Builder optSlides(int slides) {
            this.slides = slides;
            return this;
        }

        /** Level-0 size of each slide in pixels (default 6144 x 4096). */
        public Builder optSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Tissue islands per slide (default 3). */
        public Builder optIslands(int islands) {
            this.islands = islands;
            return this;
        }

        /** Lesion area as a fraction of the tissue of positive slides (default 0.05): the signal knob. */
        public Builder optLesionFraction(double lesionFraction) {
            this.lesionFraction = lesionFraction;
            return this;
        }

        /** Typical lesion radius in level-0 pixels (default 160). */
        public Builder optLesionRadius(int lesionRadius) {
            this.lesionRadius = lesionRadius;
            return this;
        }

        /** Microns per pixel at level 0 (default 0.5, a 20x scan). */
        public Builder optMpp(double mpp) {
            this.mpp = mpp;
            return this;
        }

        /** Seed of the layouts and the painting (default 1). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the cohort description. */
        public SyntheticCohort build() {
            if (painter == null) {
                throw new IllegalArgumentException("painter: setPainter(...) is required");
            }
            if (slides < 2) {
                throw new IllegalArgumentException("slides: at least 2 are needed (one per class), got " + slides);
            }
            return new SyntheticCohort(this);
        }
    }
}

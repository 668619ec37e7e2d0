package org.histo4j.slide.encode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import org.histo4j.slide.TissueMask;

/**
 * Reads a cohort manifest ({@code cohort.csv}): columns {@code slide,path,label} and optionally {@code group}
 * (default: the slide id), paths relative to the manifest's folder, as {@link
 * org.histo4j.slide.synthetic.SyntheticCohort} writes it.
 */
public final class SlideCohort {

    private SlideCohort() {}

    /** The slides of a cohort manifest, in file order; a bad manifest is one clear error naming the line. */
    public static List<SlideEntry> read(Path manifest) {
        Path base = manifest.toAbsolutePath().getParent();
        return Manifests.unique(Manifests.read(manifest, List.of("slide", "path", "label")), "slide", row -> {
            String id = row.get("slide");
            return new SlideEntry(id, base.resolve(row.get("path")).normalize(), row.integer("label"),
                    row.opt("group").orElse(id));
        });
    }

    /**
     * The true lesion masks of a cohort manifest with the columns {@code lesion_mask} (a PNG, white = lesion),
     * {@code width} and {@code height} (the slide's level-0 size), by slide id; empty when the manifest has no
     * {@code lesion_mask} column (a real cohort). Each mask pixel spans ceil(width / mask width) level-0 pixels from
     * the top-left corner, as {@link org.histo4j.slide.synthetic.SlideLayout#lesionMask} makes it.
     */
    public static Map<String, TissueMask> lesionMasks(Path manifest) {
        Path base = manifest.toAbsolutePath().getParent();
        List<Csv.Row> rows = Manifests.read(manifest, List.of("slide", "path", "label"));
        Map<String, TissueMask> masks = new LinkedHashMap<>();
        for (Csv.Row row : rows) {
            String file = row.opt("lesion_mask").orElse("");
            if (file.isEmpty()) {
                continue;
            }
            masks.put(row.get("slide"), readMask(base.resolve(file), row.integer("width"), row.integer("height")));
        }
        return masks;
    }

    private static TissueMask readMask(Path file, int level0Width, int level0Height) {
        BufferedImage image;
        try {
            image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            throw new Histo4jException("cannot read lesion mask " + file + ": " + Histo4jException.reason(e), e);
        }
        if (image == null) {
            throw new Histo4jException("lesion mask not found or not an image: " + file);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] lesion = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                lesion[y * w + x] = image.getRaster().getSample(x, y, 0) > 127;
            }
        }
        // a mask pixel spans a whole number of level-0 pixels; the last column and row may reach past the slide
        long downsample = (long) Math.ceil(level0Width / (double) w);
        return TissueMask.of(lesion, w, h, w * downsample, h * downsample);
    }
}

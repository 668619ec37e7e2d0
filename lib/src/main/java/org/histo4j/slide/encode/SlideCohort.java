package org.histo4j.slide.encode;

import java.nio.file.Path;
import java.util.List;

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
}

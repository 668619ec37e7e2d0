package org.histo4j.slide.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.transfer.CacheProvenance;

/**
 * The bags of an encoded cohort, read through the manifest {@code bags.csv} that {@link SlideEncoder#encodeCohort}
 * writes; all bags must come from the same encoder, weights, input size and mpp (mixing them is an error naming
 * the first bag that differs). Labels and groups are taken from the manifest.
 */
public final class BagCohort {

    /** One row of {@code bags.csv}. */
    public record Entry(String slideId, Path bagFile, int label, String group, int tiles, int tileSize,
            Path slidePath) {}

    private BagCohort() {}

    /** The manifest rows of {@code bagsDir/bags.csv}, bag paths resolved against the folder. */
    public static List<Entry> entries(Path bagsDir) {
        Path manifest = bagsDir.resolve(SlideEncoder.BAGS_MANIFEST);
        return Manifests.unique(Manifests.read(manifest, List.of("slide", "bag", "label", "tiles", "tile_size")),
                "slide", row -> new Entry(row.get("slide"), bagsDir.resolve(row.get("bag")), row.integer("label"),
                        row.opt("group").orElse(row.get("slide")), row.integer("tiles"), row.integer("tile_size"),
                        Path.of(row.opt("slide_path").orElse("."))));
    }

    /** Every bag of the cohort in manifest order, checked to share one encoder and resolution. */
    public static List<Bag> read(Path bagsDir) {
        List<Bag> bags = new ArrayList<>();
        CacheProvenance first = null;
        for (Entry entry : entries(bagsDir)) {
            CacheProvenance provenance = BagFile.provenance(entry.bagFile());
            if (first == null) {
                first = provenance;
            } else if (!sameEncoding(first, provenance)) {
                throw new Histo4jException("bag " + entry.bagFile() + " was made with " + describe(provenance)
                        + ", the first bag with " + describe(first));
            }
            Bag bag = BagFile.read(entry.bagFile());
            bags.add(new Bag(entry.slideId(), entry.group(), entry.label(), bag.features(), bag.coords()));
        }
        return bags;
    }

    /**
     * The cohort manifest the bags were encoded from: the {@code input} of the folder's config.json when it is a
     * {@code .csv} that still exists (as 'slide encode' records it), else a {@code cohort.csv} beside the first
     * bag's slide; empty for bags of single slides.
     */
    public static Optional<Path> cohortManifest(Path bagsDir) {
        Path config = bagsDir.resolve("config.json");
        if (Files.isRegularFile(config)) {
            try {
                JsonNode input = new ObjectMapper().readTree(config.toFile()).path("input");
                if (input.isTextual() && input.asText().toLowerCase(Locale.ROOT).endsWith(".csv")
                        && Files.isRegularFile(Path.of(input.asText()))) {
                    return Optional.of(Path.of(input.asText()));
                }
            } catch (IOException e) {
                throw new Histo4jException("cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        Path slide = entries(bagsDir).getFirst().slidePath().toAbsolutePath();
        Path beside = slide.getParent() == null ? null : slide.getParent().resolve("cohort.csv");
        return beside != null && Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }

    /** The provenance of the cohort's bags (that of the first bag). */
    public static CacheProvenance provenance(Path bagsDir) {
        return BagFile.provenance(entries(bagsDir).getFirst().bagFile());
    }

    /** Whether two bags were encoded alike: same encoder, weights, truncation, input, normalisation and mpp. */
    public static boolean sameEncoding(CacheProvenance a, CacheProvenance b) {
        return a.encoder().equals(b.encoder()) && a.weightsHash().equals(b.weightsHash())
                && a.truncation().equals(b.truncation()) && a.inputSize() == b.inputSize()
                && a.normalisation().equals(b.normalisation())
                && Double.compare(a.micronsPerPixel(), b.micronsPerPixel()) == 0;
    }

    private static String describe(CacheProvenance p) {
        return p.encoder() + " (weights " + p.weightsHash().substring(0, Math.min(12, p.weightsHash().length()))
                + ", " + p.micronsPerPixel() + " um/px)";
    }
}

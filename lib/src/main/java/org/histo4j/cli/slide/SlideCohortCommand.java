package org.histo4j.cli.slide;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.data.Csv;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slide cohort --slides N --lesion-fraction F --out DIR}: a labelled synthetic cohort. */
@Command(name = "cohort", mixinStandardHelpOptions = true,
        description = "Write a synthetic cohort: pyramidal H&E-like slides, half with lesions, and cohort.csv.")
final class SlideCohortCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--slides", defaultValue = "20", description = "number of slides, half positive (default ${DEFAULT-VALUE})")
    int slides;

    @Option(names = "--lesion-fraction", defaultValue = "0.05", description = "lesion area / tissue area on positive slides (default ${DEFAULT-VALUE})")
    double lesionFraction;

    @Option(names = "--lesion-radius", defaultValue = "160", description = "typical lesion radius in level-0 pixels (default ${DEFAULT-VALUE})")
    int lesionRadius;

    @Option(names = "--width", defaultValue = "6144", description = "level-0 width in pixels (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "4096", description = "level-0 height in pixels (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--islands", defaultValue = "3", description = "tissue islands per slide (default ${DEFAULT-VALUE})")
    int islands;

    @Option(names = "--mpp", defaultValue = "0.5", description = "microns per level-0 pixel (default ${DEFAULT-VALUE})")
    double mpp;

    @Option(names = "--seed", defaultValue = "1", description = "seed of layouts and painting (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--labs", defaultValue = "1", description = "labs staining the slides: 1 = the painter's own;"
            + " N > 1 adds N - 1 labs drawn from the range of real-world stain variation (data.synthetic.Lab.sample),"
            + " each slide stained in one of them, named in cohort.csv's lab column, vectors in labs.csv"
            + " (default ${DEFAULT-VALUE})")
    int labs;

    @Option(names = "--out", required = true, description = "output folder (slides/ and cohort.csv; resumes)")
    Path out;

    /** Writes the cohort. */
    @Override
    public Integer call() throws IOException {
        validate();
        List<Lab> stains = labs();
        SyntheticCohort cohort = SyntheticCohort.builder().setPainter(HistologySlidePainter.perSlide(stains))
                .optSlides(slides).optSize(width, height).optIslands(islands).optLesionFraction(lesionFraction)
                .optLesionRadius(lesionRadius).optMpp(mpp).optSeed(seed).build();
        long start = System.nanoTime();
        List<SyntheticCohort.Entry> entries = cohort.write(out);
        writeLabs(stains);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d slides (%d positive) to %s in %.1f s%n",
                entries.size(), entries.stream().filter(e -> e.label() == 1).count(),
                out.resolve(SyntheticCohort.MANIFEST), (System.nanoTime() - start) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The painter's own lab, then {@code labs - 1} labs drawn from the cohort seed. */
    private List<Lab> labs() {
        List<Lab> list = new ArrayList<>(List.of(Lab.DEFAULT));
        for (int k = 1; k < labs; k++) {
            list.add(Lab.sample("lab-" + k, seed * 7919 + k));
        }
        return list;
    }

    /** {@code labs.csv}: each lab's name, unit H and E OD vectors and intensities. */
    private void writeLabs(List<Lab> stains) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (Lab lab : stains) {
            double[] h = lab.hematoxylin();
            double[] e = lab.eosin();
            rows.add(List.of(lab.name(), h[0], h[1], h[2], e[0], e[1], e[2], lab.hematoxylinIntensity(),
                    lab.eosinIntensity()));
        }
        Csv.write(out.resolve("labs.csv"), List.of("lab", "h_r", "h_g", "h_b", "e_r", "e_g", "e_b", "h_intensity",
                "e_intensity"), rows);
    }

    /** Checks every option before any slide is painted, naming the option. */
    private void validate() {
        OptionChecks.of(spec).check(slides >= 2, "--slides must be >= 2 (one per class), got " + slides)
                .check(width >= 64 && height >= 64, "--width and --height must be >= 64, got " + width + " x "
                        + height)
                .atLeast("--islands", islands, 1).fraction("--lesion-fraction", lesionFraction, false)
                .atLeast("--lesion-radius", lesionRadius, 1)
                .check(labs >= 1 && labs <= 16, "--labs must be in [1, 16], got " + labs).positive("--mpp", mpp);
    }
}


package org.histo4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.TilingOptions;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.encode.SlideEntry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What the {@code slide encode} benchmarks share: the cohort, its encoder, tiling and batch, as slide encode has them. */
final class BenchCohortOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Parameters(paramLabel = "COHORT_CSV", description = "a cohort manifest (slide cohort writes one)")
    Path cohort;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    TilingOptions tiling;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "tiles per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    /** Checks the tiling and batch, then reads the cohort and checks every slide's calibration. */
    List<SlideEntry> slides() {
        tiling.validate();
        OptionChecks.of(mixee).atLeast("--batch", batch, 1);
        List<SlideEntry> slides = SlideCohort.read(cohort);
        slides.forEach(s -> tiling.checkCalibration(s.path()));
        return slides;
    }
}

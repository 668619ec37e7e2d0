package org.histo4j.cli.options;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.data.stain.StainNormalizer;
import org.histo4j.data.stain.StainSpec;
import org.histo4j.slide.encode.SlideStain;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --stain none|reinhard:REF|macenko:REF|vahadane:REF}: the stain normaliser applied to every image right after
 * decoding (REF is an image file to fit on, or a normaliser saved as JSON); {@code slide encode} also takes {@code
 * macenko:slide} and {@code macenko:slide=REF}, and their {@code vahadane} forms ({@link #slideStain()}). A malformed
 * value is bad usage (exit 2); a reference that cannot be read stops the run with one line (exit 1). Its JSON and
 * identity go into config.json, and its identity into every feature cache and bag, so a cache made with another
 * normaliser is recomputed.
 */
public final class StainOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--stain", paramLabel = "none|reinhard:REF|macenko:REF|vahadane:REF", defaultValue = "none",
            description = "stain normalisation before resizing; REF = a reference image or a saved normaliser .json;"
                    + " vahadane = Macenko's rebuild with stain vectors by sparse factorisation;"
                    + " slide encode also takes macenko:slide[=REF] (each slide's stains fitted on its thumbnail,"
                    + " mapped to the standard H&E reference or REF) (default: ${DEFAULT-VALUE})")
    String stain;

    private StainNormalizer normalizer;
    private StainSpec spec;

    private StainSpec spec() {
        if (spec == null) {
            try {
                spec = StainSpec.parse(stain);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--stain: " + e.getMessage(), e);
            }
        }
        return spec;
    }

    /** The normaliser asked for, read and fitted on first use; {@code macenko:slide} is refused (slides only). */
    public StainNormalizer normalizer() {
        if (spec().perSlide()) {
            throw new ParameterException(mixee.commandLine(), "--stain " + stain + " fits each slide's stains and"
                    + " works with slide encode only; use " + spec().method() + ":REF here");
        }
        return reference();
    }

    /** How slide encode normalises each slide: one normaliser for all, or Macenko fitted per slide. */
    public SlideStain slideStain() {
        return spec().perSlide() ? SlideStain.macenkoPerSlide((MacenkoNormalizer) reference())
                : SlideStain.of(reference());
    }

    private StainNormalizer reference() {
        if (normalizer == null) {
            try {
                normalizer = spec().normalizer();
            } catch (IOException e) {
                throw new Histo4jException("--stain: " + e.getMessage(), e);
            }
        }
        return normalizer;
    }

    /**
     * What config.json records: the option as given, the normaliser's identity and its fitted values (for
     * {@code macenko:slide}, the reference; each slide's fit is saved beside its bag).
     */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("option", stain);
        out.put("identity", spec().perSlide() ? slideStain().identity() : reference().identity());
        out.put("normalizer", reference().toJson());
        if (spec().perSlide()) {
            out.put("perSlide", "each slide's stains fitted on its tissue thumbnail: <slide>.stain.json beside its bag");
        }
        return out;
    }
}

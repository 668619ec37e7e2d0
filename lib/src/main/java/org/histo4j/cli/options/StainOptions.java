package org.histo4j.cli.options;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.stain.StainNormalizer;
import org.histo4j.data.stain.StainSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --stain none|reinhard:REF|macenko:REF}: the stain normaliser applied to every image right after decoding
 * (REF is an image file to fit on, or a normaliser saved as JSON). A malformed value is bad usage (exit 2); a
 * reference that cannot be read stops the run with one line (exit 1). Its JSON and identity go into config.json, and
 * its identity into every feature cache and bag, so a cache made with another normaliser is recomputed.
 */
public final class StainOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--stain", paramLabel = "none|reinhard:REF|macenko:REF", defaultValue = "none",
            description = "stain normalisation before resizing; REF = a reference image or a saved normaliser .json"
                    + " (default: ${DEFAULT-VALUE})")
    String stain;

    private StainNormalizer normalizer;

    /** The normaliser asked for, read and fitted on first use. */
    public StainNormalizer normalizer() {
        if (normalizer == null) {
            StainSpec spec;
            try {
                spec = StainSpec.parse(stain);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--stain: " + e.getMessage(), e);
            }
            try {
                normalizer = spec.normalizer();
            } catch (IOException e) {
                throw new Histo4jException("--stain: " + e.getMessage(), e);
            }
        }
        return normalizer;
    }

    /** What config.json records: the option as given, the normaliser's identity and its fitted values. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("option", stain);
        out.put("identity", normalizer().identity());
        out.put("normalizer", normalizer().toJson());
        return out;
    }
}

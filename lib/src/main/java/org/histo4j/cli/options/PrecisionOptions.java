package org.histo4j.cli.options;

import org.histo4j.Histo4jException;
import org.histo4j.model.Precision;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --precision fp32|fp16|bf16}: the floating-point precision of an encoder's forward pass (feature extraction,
 * slide encoding), recorded in the cache or bag provenance so that features of another precision are stale.
 */
public final class PrecisionOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "fp32 or fp16: the encoder's arithmetic (default: ${DEFAULT-VALUE}; fp16 halves memory"
                    + " traffic and uses a GPU's tensor cores; bf16 awaits a DJL with bfloat16)")
    String precision;

    /** The precision asked for. */
    public Precision precision() {
        Precision parsed;
        try {
            parsed = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--precision: " + e.getMessage(), e);
        }
        try {
            return parsed.checkAvailable();
        } catch (IllegalArgumentException e) {
            throw new Histo4jException("--precision " + e.getMessage(), e);
        }
    }
}

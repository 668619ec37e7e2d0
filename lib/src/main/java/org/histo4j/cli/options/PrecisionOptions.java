package org.histo4j.cli.options;

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
            description = "fp32, fp16 or bf16: the encoder's arithmetic (default: ${DEFAULT-VALUE}; bf16 and fp16"
                    + " halve memory traffic, on a GPU they use tensor cores)")
    String precision;

    /** The precision asked for. */
    public Precision precision() {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--precision: " + e.getMessage(), e);
        }
    }
}

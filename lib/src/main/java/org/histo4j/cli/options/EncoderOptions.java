package org.histo4j.cli.options;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --encoder E} (repeatable where a command compares encoders), {@code --nic-weights FILE} and
 * {@code --input-size PX}: which tile encoder(s) a command loads and how.
 */
public final class EncoderOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--encoder", required = true, paramLabel = "E",
            description = "random:ARCH[:SEED] (ARCH: resnet18, resnet34, resnet50, densenet121, nic), nic[:PATH],"
                    + " torchscript:PATH or run:RUN_DIR, optionally @POINT (@layer3, @block2)")
    List<String> encoders;

    @Option(names = "--nic-weights", paramLabel = "FILE", description = "Keras weights of the 'nic' encoder"
            + " (default: -Dhisto4j.nic.weights or the shared fixture, when present)")
    java.nio.file.Path nicWeights;

    // Unset (null) by default so that the JSON beside a TorchScript file decides its input size; 224 without one.
    @Option(names = "--input-size", paramLabel = "PX",
            description = "input side of torchscript encoders (default: the input_size of the JSON beside the .pt"
                    + " file, else 224)")
    Integer inputSize;

    /** The resolver of the weights options; a bad {@code --input-size} is bad usage. */
    public EncoderResolver resolver() {
        OptionChecks.of(mixee).atLeast("--input-size", inputSize, 1);
        EncoderResolver.Builder builder = EncoderResolver.builder()
                .optTorchScriptInputSize(inputSize == null ? 0 : inputSize);
        if (nicWeights != null) {
            builder.optNicWeights(nicWeights);
        }
        return builder.build();
    }

    /**
     * The parsed encoders, at most {@code max}, each checked by the resolver (weights present); {@code truncate}
     * (when not null) cuts those without a truncation point after their K-th block.
     */
    public List<EncoderSpec> specs(int max, Integer truncate) {
        if (encoders.size() > max) {
            throw new ParameterException(mixee.commandLine(), "give at most " + max + " --encoder, got "
                    + encoders.size());
        }
        OptionChecks.of(mixee).atLeast("--truncate", truncate, 1);
        List<EncoderSpec> specs = new ArrayList<>();
        EncoderResolver resolver = resolver();
        for (String text : encoders) {
            EncoderSpec parsed;
            try {
                parsed = EncoderSpec.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--encoder: " + Histo4jException.reason(e), e);
            }
            if (truncate != null && parsed.truncation().isEmpty()) {
                parsed = parsed.truncatedAfter("block" + truncate);
            }
            resolver.check(parsed);
            specs.add(parsed);
        }
        return specs;
    }

    /** The one encoder of a command that takes one, parsed and checked. */
    public EncoderSpec single() {
        return specs(1, null).getFirst();
    }

    /** Creates the encoder of {@code spec} in {@code manager} (whose device it computes on). */
    public Encoder load(EncoderSpec spec, NDManager manager) {
        try {
            return resolver().create(spec, manager);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--encoder " + spec + ": " + Histo4jException.reason(e), e);
        }
    }
}

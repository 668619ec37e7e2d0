package org.histo4j.transfer.spec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.model.Encoders;

/**
 * An encoder named by a short string, as on the command line:
 * <ul>
 *   <li>{@code random:ARCH[:SEED]}: a built-in architecture ({@link Encoders#ARCHITECTURES}) with random weights
 *       drawn from SEED (default 0);</li>
 *   <li>{@code nic} or {@code nic:PATH}: the Neural Image Compression encoder with the Keras weights at PATH
 *       (default: the resolver's, see {@link EncoderResolver});</li>
 *   <li>{@code torchscript:PATH}: a traced PyTorch model;</li>
 *   <li>{@code run:RUN_DIR}: the encoder of a pre-training run directory.</li>
 * </ul>
 * Any of them may end with {@code @POINT}, cutting the encoder after a block: a named truncation point
 * ({@code @layer3}, {@code @denseblock2}) or the K-th block counted from 1 ({@code @block2}); see
 * {@link org.histo4j.transfer.EncoderBlocks}.
 *
 * @param kind what kind of encoder
 * @param argument the architecture (random), the path (nic, torchscript, run), or empty (nic with the default file)
 * @param seed the weight seed of a random encoder (0 for the other kinds)
 * @param truncation the cut point, empty for the whole encoder
 */
public record EncoderSpec(Kind kind, String argument, long seed, Optional<String> truncation) {

    private static final Pattern POINT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern BLOCK = Pattern.compile("block([1-9][0-9]*)");

    /** The kinds of encoder spec. */
    public enum Kind {
        /** A built-in architecture with seeded random weights. */
        RANDOM,
        /** The NIC encoder with Keras weights. */
        NIC,
        /** A TorchScript file. */
        TORCHSCRIPT,
        /** A pre-training run directory. */
        RUN;

        /** The prefix of this kind in spec strings. */
        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the fields. */
    public EncoderSpec {
        if (kind == null || argument == null || truncation == null) {
            throw new IllegalArgumentException("encoder spec needs a kind, an argument and a truncation (maybe empty)");
        }
        if (kind != Kind.NIC && argument.isBlank()) {
            throw new IllegalArgumentException("encoder spec '" + kind.prefix() + ":' needs "
                    + (kind == Kind.RANDOM ? "an architecture" : "a path"));
        }
        truncation.ifPresent(point -> {
            if (!POINT.matcher(point).matches()) {
                throw new IllegalArgumentException("bad truncation point '" + point + "' (expected e.g. layer3 or block2)");
            }
        });
    }

    /**
     * Parses a spec string (see the class comment).
     *
     * @throws IllegalArgumentException naming the bad part and the accepted forms
     */
    public static EncoderSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty encoder spec; " + forms());
        }
        String body = text.trim();
        Optional<String> truncation = Optional.empty();
        int at = body.lastIndexOf('@');
        if (at >= 0) {
            String point = body.substring(at + 1);
            if (!POINT.matcher(point).matches()) {
                throw new IllegalArgumentException("encoder spec '" + text + "': bad truncation point '" + point
                        + "' after '@' (expected e.g. @layer3 or @block2)");
            }
            truncation = Optional.of(point);
            body = body.substring(0, at);
        }
        int colon = body.indexOf(':');
        String prefix = (colon < 0 ? body : body.substring(0, colon)).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : body.substring(colon + 1);
        return switch (prefix) {
            case "random" -> random(text, rest, truncation);
            case "nic" -> new EncoderSpec(Kind.NIC, rest, 0, truncation);
            case "torchscript", "run" -> {
                if (rest.isBlank()) {
                    throw new IllegalArgumentException("encoder spec '" + text + "': '" + prefix + ":' needs a path");
                }
                yield new EncoderSpec(prefix.equals("run") ? Kind.RUN : Kind.TORCHSCRIPT, rest, 0, truncation);
            }
            default -> throw new IllegalArgumentException("unknown encoder spec '" + text + "'; " + forms());
        };
    }

    private static EncoderSpec random(String text, String rest, Optional<String> truncation) {
        String[] parts = rest.split(":", -1);
        if (rest.isBlank() || parts.length > 2) {
            throw new IllegalArgumentException("encoder spec '" + text + "': expected random:ARCH[:SEED] with ARCH one of "
                    + Encoders.ARCHITECTURES);
        }
        String architecture = parts[0].toLowerCase(Locale.ROOT);
        if (!Encoders.ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("encoder spec '" + text + "': unknown architecture '" + parts[0]
                    + "'; one of " + Encoders.ARCHITECTURES);
        }
        long seed = 0;
        if (parts.length == 2) {
            try {
                seed = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("encoder spec '" + text + "': seed '" + parts[1]
                        + "' is not an integer", e);
            }
        }
        return new EncoderSpec(Kind.RANDOM, architecture, seed, truncation);
    }

    /** A random encoder of a built-in architecture. */
    public static EncoderSpec random(String architecture, long seed) {
        return parse("random:" + architecture + ":" + seed);
    }

    /** The same spec cut after {@code point} (a truncation point name or {@code blockK}). */
    public EncoderSpec truncatedAfter(String point) {
        return new EncoderSpec(kind, argument, seed, Optional.of(point));
    }

    /** The same spec without truncation. */
    public EncoderSpec whole() {
        return new EncoderSpec(kind, argument, seed, Optional.empty());
    }

    /** The block number K of a {@code @blockK} truncation, if the truncation has that form. */
    public Optional<Integer> blockNumber() {
        return truncation.map(BLOCK::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)));
    }

    /** The spec string, which {@link #parse} reads back to an equal spec. */
    @Override
    public String toString() {
        String base = switch (kind) {
            case RANDOM -> "random:" + argument + ":" + seed;
            case NIC -> argument.isEmpty() ? "nic" : "nic:" + argument;
            case TORCHSCRIPT, RUN -> kind.prefix() + ":" + argument;
        };
        return truncation.map(point -> base + "@" + point).orElse(base);
    }

    /**
     * A short label for result tables: the spec string, with paths shortened to their last element
     * ({@code torchscript:resnet18-imagenet.pt}, {@code run:multitask-1@layer3}).
     */
    public String label() {
        String base = switch (kind) {
            case RANDOM -> "random:" + argument + ":" + seed;
            case NIC -> "nic";
            case TORCHSCRIPT, RUN -> kind.prefix() + ":" + lastElement(argument);
        };
        return truncation.map(point -> base + "@" + point).orElse(base);
    }

    private static String lastElement(String path) {
        String trimmed = path.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    private static String forms() {
        return "expected random:ARCH[:SEED], nic[:PATH], torchscript:PATH or run:RUN_DIR, optionally followed by "
                + "@POINT (e.g. @layer3, @block2)";
    }
}

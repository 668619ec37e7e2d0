package org.histo4j.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.histo4j.Histo4jException;

/**
 * Where cached features came from: everything that, if changed, makes the features different. A cache whose
 * provenance differs from the expected one in any field is stale.
 *
 * @param encoder the encoder name, e.g. {@code "resnet18"}
 * @param weightsHash the SHA-256 of the weights file ({@link #sha256(Path)}) or {@code "random:<seed>"}
 *     ({@link #randomWeights(long)})
 * @param truncation where the encoder was cut, e.g. {@code "layer3"}, or {@code "none"}
 * @param inputSize the side of the square input in pixels
 * @param normalisation the input normalisation, e.g. {@code "mean=0.485,0.456,0.406;std=0.229,0.224,0.225"}
 * @param micronsPerPixel the physical resolution of the inputs, NaN when not applicable
 * @param source a description of the data source (manifest name, split, tile size...)
 * @param inputListHash the hash of the ordered input list ({@link #hashInputs(List)})
 */
public record CacheProvenance(String encoder, String weightsHash, String truncation, int inputSize,
        String normalisation, double micronsPerPixel, String source, String inputListHash) {

    /** The field names, in the order they are compared and stored. */
    public static final List<String> FIELDS = List.of("encoder", "weights_hash", "truncation", "input_size",
            "normalisation", "microns_per_pixel", "source", "input_list_hash");

    /** Validates that every text field is present and the input size positive. */
    public CacheProvenance {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(weightsHash, "weightsHash");
        Objects.requireNonNull(truncation, "truncation");
        Objects.requireNonNull(normalisation, "normalisation");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputListHash, "inputListHash");
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
        }
    }

    /** A builder; truncation defaults to {@code "none"} and microns per pixel to NaN (not applicable). */
    public static Builder builder() {
        return new Builder();
    }

    /** The stored value of each field, in the order of {@link #FIELDS}. */
    public List<Object> values() {
        return List.of(encoder, weightsHash, truncation, inputSize, normalisation, micronsPerPixel, source,
                inputListHash);
    }

    /**
     * The fields in which {@code this} (the cache's provenance) differs from {@code expected}, each as
     * {@code "field is 'cached value' in the cache, 'expected value' expected"}; empty when they agree.
     */
    public List<String> differences(CacheProvenance expected) {
        List<Object> mine = values();
        List<Object> theirs = expected.values();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (!sameValue(mine.get(i), theirs.get(i))) {
                differences.add(FIELDS.get(i) + " is '" + mine.get(i) + "' in the cache, '" + theirs.get(i)
                        + "' expected");
            }
        }
        return differences;
    }

    private static boolean sameValue(Object a, Object b) {
        return a instanceof Double x && b instanceof Double y ? Double.compare(x, y) == 0 : a.equals(b);
    }

    /** The hex SHA-256 of a file's bytes (for weights files). */
    public static String sha256(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new Histo4jException("cannot hash weights file " + file + ": " + Histo4jException.reason(e), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The weights "hash" of a randomly initialised encoder: {@code "random:<seed>"}. */
    public static String randomWeights(long seed) {
        return "random:" + seed;
    }

    /** The hex SHA-256 of the input identifiers in order, each followed by a newline (UTF-8). */
    public static String hashInputs(List<String> inputs) {
        MessageDigest digest = sha256();
        for (String input : inputs) {
            digest.update((input + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Builds a {@link CacheProvenance}. */
    public static final class Builder {

        private String encoder;
        private String weightsHash;
        private String truncation = "none";
        private int inputSize;
        private String normalisation;
        private double micronsPerPixel = Double.NaN;
        private String source;
        private String inputListHash;

        private Builder() {}

        /** The encoder name (required). */
        public Builder setEncoder(String encoder) {
            this.encoder = encoder;
            return this;
        }

        /** The weights hash (required): {@link #sha256(Path)} or {@link #randomWeights(long)}. */
        public Builder setWeightsHash(String weightsHash) {
            this.weightsHash = weightsHash;
            return this;
        }

        /** The input size in pixels (required). */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** The input normalisation (required). */
        public Builder setNormalisation(String normalisation) {
            this.normalisation = normalisation;
            return this;
        }

        /** The data source description (required). */
        public Builder setSource(String source) {
            this.source = source;
            return this;
        }

        /** The input list hash (required): {@link #hashInputs(List)}. */
        public Builder setInputListHash(String inputListHash) {
            this.inputListHash = inputListHash;
            return this;
        }

        /** Where the encoder was truncated (default {@code "none"}). */
        public Builder optTruncation(String truncation) {
            this.truncation = truncation;
            return this;
        }

        /** The input resolution in microns per pixel (default NaN: not applicable). */
        public Builder optMicronsPerPixel(double micronsPerPixel) {
            this.micronsPerPixel = micronsPerPixel;
            return this;
        }

        /** Validates and builds; a missing required field is named in the message. */
        public CacheProvenance build() {
            require(encoder, "encoder");
            require(weightsHash, "weightsHash");
            require(normalisation, "normalisation");
            require(source, "source");
            require(inputListHash, "inputListHash");
            require(truncation, "truncation");
            if (inputSize <= 0) {
                throw new IllegalArgumentException("inputSize must be set to a positive value, got " + inputSize);
            }
            return new CacheProvenance(encoder, weightsHash, truncation, inputSize, normalisation, micronsPerPixel,
                    source, inputListHash);
        }

        private static void require(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " is required");
            }
        }
    }
}

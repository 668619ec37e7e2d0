package org.histo4j.data.stain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.PatchTransform;

/**
 * Maps the colours of an H&amp;E image onto those of a reference, so that images from different labs and scanners
 * reach an encoder alike. A normaliser is fitted once on one or more reference images (see
 * {@link ReinhardNormalizer#builder()}, {@link MacenkoNormalizer#builder()}), is immutable after that apart from its
 * {@link #counts() counters}, and is safe to share between threads. Tiles that are nearly all background, or whose
 * stains cannot be estimated, come back unchanged and are counted as passed through, never failed.
 *
 * <p>This is the fitted, saveable kind of the image path's slot {@link org.histo4j.data.image.StainNormalizer}: pass
 * it to {@code optStainNormalizer(...)} of a batch loader, feature extractor or slide encoder, and its
 * {@link #identity()} reaches caches and bags through {@link org.histo4j.data.image.ImagePipeline#describe()}.
 *
 * <p>It is saved as a small JSON file ({@link #save}, {@link #load}); {@link #identity()} names the method and a hash
 * of that JSON, so a run or feature cache that records it can tell whether it was made with the same normaliser.
 *
 * <p>To write your own: extend {@link AbstractStainNormalizer} (it does the counting), return {@code null} from
 * {@code transform} to pass a tile through, give {@link #toJson()} every fitted value, and add a case to
 * {@link #fromJson} if it should load from a file.
 */
public interface StainNormalizer extends org.histo4j.data.image.StainNormalizer {

    /** The method's name as saved in JSON: {@code none}, {@code reinhard}, {@code macenko} or {@code vahadane}. */
    String method();

    /** Normalises one image (the {@code Patch -> Patch} step of the image path); may return the input unchanged. */
    @Override
    Patch apply(Patch patch);

    /** Normalises several images; the default applies {@link #apply} to each. */
    default List<Patch> applyAll(List<Patch> patches) {
        List<Patch> out = new ArrayList<>(patches.size());
        for (Patch p : patches) {
            out.add(apply(p));
        }
        return out;
    }

    /** How many images were normalised and how many passed through unchanged since this normaliser was made. */
    StainCounts counts();

    /** Every fitted value and option, as saved; {@code method} is one of its fields. */
    ObjectNode toJson();

    /** {@code method@hash}: the method and the first 16 hex digits of the SHA-256 of {@link #toJson()}. */
    @Override
    default String identity() {
        try {
            byte[] json = StainJson.MAPPER.writeValueAsBytes(toJson());
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return method() + "@" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the normaliser's JSON", e);
        }
    }

    /** This normaliser as a preprocessing step (it draws nothing from the random generator). */
    default PatchTransform asTransform() {
        return (p, rng) -> apply(p);
    }

    /** Writes {@link #toJson()} to a file. */
    default void save(Path file) throws IOException {
        Files.writeString(file, StainJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()),
                StandardCharsets.UTF_8);
    }

    /** Reads a normaliser saved by {@link #save}. */
    static StainNormalizer load(Path file) throws IOException {
        JsonNode json;
        try {
            json = StainJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot read stain normaliser " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IOException("stain normaliser " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rebuilds a normaliser from its JSON. */
    static StainNormalizer fromJson(JsonNode json) {
        String method = json.path("method").asText("");
        return switch (method) {
            case "none" -> none();
            case "reinhard" -> ReinhardNormalizer.fromJson(json);
            case "macenko", "vahadane" -> MacenkoNormalizer.fromJson(json);
            default -> throw new IllegalArgumentException("unknown stain normalisation method '" + method
                    + "' (known: none, reinhard, macenko, vahadane)");
        };
    }

    /** The normaliser that changes nothing (identity {@code none}). */
    static StainNormalizer none() {
        return NoStainNormalizer.INSTANCE;
    }
}

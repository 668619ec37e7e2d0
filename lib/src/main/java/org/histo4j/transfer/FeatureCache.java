package org.histo4j.transfer;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracted features stored in an HDF5 file (written with jHDF), with the provenance that makes a stale cache
 * detectable.
 *
 * <p>Layout, all at the root:
 * <ul>
 *   <li>dataset {@code features}: n &times; d float32;</li>
 *   <li>dataset {@code labels}: n int32;</li>
 *   <li>datasets {@code groups} and {@code paths}: n UTF-8 strings;</li>
 *   <li>dataset {@code input_stamps}: n UTF-8 strings {@code location TAB stamp} ({@link InputStamps});</li>
 *   <li>attributes {@code format} ({@value #FORMAT}), {@code format_version} ({@value #VERSION}), {@code task},
 *       {@code class_names} (string array) and the provenance fields of {@link CacheProvenance#FIELDS}
 *       ({@code input_size} int32, {@code microns_per_pixel} float64, the others strings).</li>
 * </ul>
 * Files are written to a temporary sibling and moved into place, so a crash never leaves a half-written cache.
 * jHDF cannot write empty datasets, so an empty feature set cannot be cached.
 */
public final class FeatureCache {

    /** The value of the {@code format} attribute. */
    public static final String FORMAT = "histo4j-feature-cache";
    /** The value of the {@code format_version} attribute. */
    public static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);
    private static final String INPUT_STAMPS = "input_stamps";
    private static final HdfStore STORE = new HdfStore("feature cache", FORMAT, VERSION);

    private FeatureCache() {}

    /** Writes {@code data} and its provenance to {@code file}, replacing any previous cache there. */
    public static void write(Path file, FeatureSet data, CacheProvenance provenance) {
        write(file, data, provenance, null);
    }

    /**
     * Writes {@code data}, its provenance and the stamps of its inputs (checked by {@link #reuse}) to {@code file},
     * replacing any previous cache there.
     */
    public static void write(Path file, FeatureSet data, CacheProvenance provenance, InputStamps inputs) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot cache an empty feature set (task " + data.task() + ")");
        }
        STORE.write(file, hdf -> {
            hdf.putDataset("features", data.features());
            hdf.putDataset("labels", data.labels());
            hdf.putDataset("groups", data.groups());
            hdf.putDataset("paths", data.paths());
            hdf.putAttribute("task", data.task());
            hdf.putAttribute("class_names", data.classNames().toArray(String[]::new));
            HdfStore.putProvenance(hdf, provenance);
            if (inputs != null) {
                hdf.putDataset(INPUT_STAMPS, inputs.toStrings());
            }
        });
    }

    /**
     * The features in {@code file} when it is a cache of {@code expected} provenance whose inputs are unchanged
     * ({@code current} against the stamps it recorded); empty when it is missing or stale (the reason is logged,
     * naming the first changed input). A file that cannot be read as a feature cache (truncated, garbage) is moved
     * aside to {@code NAME.corrupt-TIMESTAMP} with one warning, and empty is returned so that it is rebuilt.
     */
    public static Optional<FeatureSet> reuse(Path file, CacheProvenance expected, InputStamps current) {
        try {
            STORE.removeLeftovers(file.toAbsolutePath());
        } catch (IOException e) {
            throw new Histo4jException("cannot clean the temporary files beside " + file + ": " + Histo4jException.reason(e), e);
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (HdfFile hdf = STORE.open(file)) {
            List<String> differences = STORE.provenance(hdf, file).differences(expected);
            if (!differences.isEmpty()) {
                LOG.info("feature cache {} is stale ({}); rebuilding it", file, String.join("; ", differences));
                return Optional.empty();
            }
            if (!(hdf.getChildren().get(INPUT_STAMPS) instanceof Dataset)) {
                LOG.warn("feature cache {} records no input sizes and dates (an older histo4j made it); rebuilding it",
                        file);
                return Optional.empty();
            }
            Optional<String> change = InputStamps.fromStrings(STORE.data(hdf, INPUT_STAMPS, String[].class, file))
                    .firstChange(current);
            if (change.isPresent()) {
                LOG.warn("feature cache {} is stale: {}; rebuilding it", file, change.get());
                return Optional.empty();
            }
            return Optional.of(features(hdf, file));
        } catch (RuntimeException e) {
            STORE.moveAside(file, e);
            return Optional.empty();
        }
    }

    /**
     * Reads a cache, checking that it was made with {@code expected} provenance.
     *
     * @throws StaleFeatureCacheException when any provenance field differs (all are named)
     * @throws Histo4jException when the file is missing or is not a histo4j feature cache
     */
    public static FeatureSet open(Path file, CacheProvenance expected) {
        try (HdfFile hdf = STORE.open(file)) {
            List<String> differences = STORE.provenance(hdf, file).differences(expected);
            if (!differences.isEmpty()) {
                throw new StaleFeatureCacheException(file, differences);
            }
            return features(hdf, file);
        }
    }

    private static FeatureSet features(HdfFile hdf, Path file) {
        return new FeatureSet(STORE.string(hdf, "task", file),
                List.of(STORE.typed(STORE.attribute(hdf, "class_names", file), String[].class, "class_names", file)),
                STORE.data(hdf, "features", float[][].class, file), STORE.data(hdf, "labels", int[].class, file),
                STORE.data(hdf, "groups", String[].class, file), STORE.data(hdf, "paths", String[].class, file));
    }

    /**
     * Whether {@code file} exists and holds a cache with exactly the {@code expected} provenance.
     *
     * @throws Histo4jException when the file exists but is not a histo4j feature cache
     */
    public static boolean isFresh(Path file, CacheProvenance expected) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        return readProvenance(file).differences(expected).isEmpty();
    }

    /** The provenance recorded in a cache file. */
    public static CacheProvenance readProvenance(Path file) {
        try (HdfFile hdf = STORE.open(file)) {
            return STORE.provenance(hdf, file);
        }
    }
}

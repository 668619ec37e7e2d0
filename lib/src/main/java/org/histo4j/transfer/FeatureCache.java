package org.histo4j.transfer;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.histo4j.Histo4jException;

/**
 * Extracted features stored in an HDF5 file (written with jHDF), with the provenance that makes a stale cache
 * detectable.
 *
 * <p>Layout, all at the root:
 * <ul>
 *   <li>dataset {@code features}: n &times; d float32;</li>
 *   <li>dataset {@code labels}: n int32;</li>
 *   <li>datasets {@code groups} and {@code paths}: n UTF-8 strings;</li>
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

    private FeatureCache() {}

    /** Writes {@code data} and its provenance to {@code file}, replacing any previous cache there. */
    public static void write(Path file, FeatureSet data, CacheProvenance provenance) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot cache an empty feature set (task " + data.task() + ")");
        }
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                writeHdf5(temp, data, provenance);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write feature cache " + file, e);
        }
    }

    /**
     * Reads a cache, checking that it was made with {@code expected} provenance.
     *
     * @throws StaleFeatureCacheException when any provenance field differs (all are named)
     * @throws Histo4jException when the file is missing or is not a histo4j feature cache
     */
    public static FeatureSet open(Path file, CacheProvenance expected) {
        try (HdfFile hdf = openHdf(file)) {
            List<String> differences = readProvenance(hdf, file).differences(expected);
            if (!differences.isEmpty()) {
                throw new StaleFeatureCacheException(file, differences);
            }
            return new FeatureSet(string(hdf, "task", file), List.of(strings(hdf, "class_names", file)),
                    (float[][]) data(hdf, "features", file), (int[]) data(hdf, "labels", file),
                    (String[]) data(hdf, "groups", file), (String[]) data(hdf, "paths", file));
        } catch (ClassCastException e) {
            throw new Histo4jException("feature cache " + file + " has a dataset of the wrong type", e);
        }
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
        try (HdfFile hdf = openHdf(file)) {
            return readProvenance(hdf, file);
        }
    }

    private static void writeHdf5(Path path, FeatureSet data, CacheProvenance provenance) {
        try (WritableHdfFile hdf = HdfFile.write(path)) {
            hdf.putDataset("features", data.features());
            hdf.putDataset("labels", data.labels());
            hdf.putDataset("groups", data.groups());
            hdf.putDataset("paths", data.paths());
            hdf.putAttribute("format", FORMAT);
            hdf.putAttribute("format_version", VERSION);
            hdf.putAttribute("task", data.task());
            hdf.putAttribute("class_names", data.classNames().toArray(String[]::new));
            List<Object> values = provenance.values();
            for (int i = 0; i < values.size(); i++) {
                hdf.putAttribute(CacheProvenance.FIELDS.get(i), values.get(i));
            }
        }
    }

    private static HdfFile openHdf(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("feature cache not found: " + file);
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new Histo4jException("feature cache " + file + " is not a readable HDF5 file: " + e.getMessage(),
                    e);
        }
        Attribute format = hdf.getAttribute("format");
        if (format == null || !FORMAT.equals(format.getData())) {
            hdf.close();
            throw new Histo4jException("file " + file + " is not a histo4j feature cache (no format='" + FORMAT
                    + "' attribute)");
        }
        Attribute version = hdf.getAttribute("format_version");
        if (version == null || !Integer.valueOf(VERSION).equals(version.getData())) {
            hdf.close();
            throw new Histo4jException("feature cache " + file + " has format version "
                    + (version == null ? "none" : version.getData()) + ", this histo4j reads " + VERSION);
        }
        return hdf;
    }

    private static CacheProvenance readProvenance(HdfFile hdf, Path file) {
        try {
            return new CacheProvenance(string(hdf, "encoder", file), string(hdf, "weights_hash", file),
                    string(hdf, "truncation", file), (Integer) attribute(hdf, "input_size", file),
                    string(hdf, "normalisation", file), (Double) attribute(hdf, "microns_per_pixel", file),
                    string(hdf, "source", file), string(hdf, "input_list_hash", file));
        } catch (ClassCastException e) {
            throw new Histo4jException("feature cache " + file + " has a provenance attribute of the wrong type", e);
        }
    }

    private static Object attribute(HdfFile hdf, String name, Path file) {
        Attribute attribute = hdf.getAttribute(name);
        if (attribute == null) {
            throw new Histo4jException("feature cache " + file + " lacks the attribute '" + name + "'");
        }
        return attribute.getData();
    }

    private static String string(HdfFile hdf, String name, Path file) {
        return (String) attribute(hdf, name, file);
    }

    private static String[] strings(HdfFile hdf, String name, Path file) {
        return (String[]) attribute(hdf, name, file);
    }

    private static Object data(HdfFile hdf, String name, Path file) {
        Node node = hdf.getChildren().get(name);
        if (!(node instanceof Dataset dataset)) {
            throw new Histo4jException("feature cache " + file + " lacks the dataset '" + name + "'");
        }
        return dataset.getData();
    }
}

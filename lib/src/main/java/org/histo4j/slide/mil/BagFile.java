package org.histo4j.slide.mil;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.HdfStore;
import org.histo4j.transfer.StaleFeatureCacheException;

/**
 * A slide's bag on disk, in HDF5 with CLAM's dataset names: {@code features} (n x d float32) and {@code coords}
 * (n x 2 int32, level-0 top-left corners), plus attributes {@code slide_id}, {@code group}, {@code label},
 * {@code tile_size} (level-0 pixels) and the encoder provenance of {@link CacheProvenance}, so that a bag made with
 * another encoder, tile size or resolution is re-encoded, never silently reused.
 */
public final class BagFile {

    /** The value of the {@code format} attribute. */
    public static final String FORMAT = "histo4j-bag";

    private static final HdfStore STORE = new HdfStore("bag file", FORMAT, 1);

    private BagFile() {}

    /** Writes a bag with the provenance of its features and the level-0 size of its tiles. */
    public static void write(Path file, Bag bag, int tileSize, CacheProvenance provenance) {
        STORE.write(file, hdf -> {
            hdf.putDataset("features", bag.features());
            hdf.putDataset("coords", bag.coords());
            hdf.putAttribute("slide_id", bag.slideId());
            hdf.putAttribute("group", bag.group());
            hdf.putAttribute("label", bag.label());
            hdf.putAttribute("tile_size", tileSize);
            HdfStore.putProvenance(hdf, provenance);
        });
    }

    /** Reads a bag, checking that it was made with {@code expected} provenance. */
    public static Bag read(Path file, CacheProvenance expected) {
        try (HdfFile hdf = STORE.open(file)) {
            List<String> differences = STORE.provenance(hdf, file).differences(expected);
            if (!differences.isEmpty()) {
                throw new StaleFeatureCacheException(file, differences);
            }
            return bag(hdf, file);
        }
    }

    /** Reads a bag whatever its provenance (check {@link #provenance(Path)} when mixing bags). */
    public static Bag read(Path file) {
        try (HdfFile hdf = STORE.open(file)) {
            return bag(hdf, file);
        }
    }

    /** The provenance recorded in a bag file. */
    public static CacheProvenance provenance(Path file) {
        try (HdfFile hdf = STORE.open(file)) {
            return STORE.provenance(hdf, file);
        }
    }

    private static Bag bag(HdfFile hdf, Path file) {
        return new Bag(STORE.string(hdf, "slide_id", file), STORE.string(hdf, "group", file),
                STORE.typed(STORE.attribute(hdf, "label", file), Integer.class, "label", file),
                STORE.data(hdf, "features", float[][].class, file), STORE.data(hdf, "coords", int[][].class, file));
    }

    /** Whether {@code file} holds a bag made with exactly the {@code expected} provenance (so encoding can skip it). */
    public static boolean isFresh(Path file, CacheProvenance expected) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (HdfFile hdf = STORE.open(file)) {
            return STORE.provenance(hdf, file).differences(expected).isEmpty();
        }
    }

    /** The level-0 tile size recorded in a bag file. */
    public static int tileSize(Path file) {
        try (HdfFile hdf = STORE.open(file)) {
            return STORE.typed(STORE.attribute(hdf, "tile_size", file), Integer.class, "tile_size", file);
        }
    }
}

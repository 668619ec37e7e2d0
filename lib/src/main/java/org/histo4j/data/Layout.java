package org.histo4j.data;

import java.util.Arrays;
import java.util.Optional;

/** How a dataset is laid out on disk, as named by the {@code layout.type} field of a manifest. */
public enum Layout {
    /** One sub-folder per class holding that class's images. */
    FOLDER("folder"),
    /** A CSV file with columns {@code path,label[,group]}, paths relative to the CSV file. */
    CSV("csv"),
    /** PatchCamelyon HDF5: {@code x} (N x 96 x 96 x 3 uint8) and {@code y} (N x 1 x 1 x 1) in separate files per split. */
    HDF5_PCAM("hdf5-pcam"),
    /** Generated on demand by {@link org.histo4j.data.synthetic.SyntheticSource}; nothing on disk. */
    SYNTHETIC("synthetic");

    private final String jsonName;

    Layout(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in manifests. */
    public String jsonName() {
        return jsonName;
    }

    /** The layout with the given manifest name, if any. */
    public static Optional<Layout> fromJson(String name) {
        return Arrays.stream(values()).filter(l -> l.jsonName.equals(name)).findFirst();
    }
}

package org.histo4j.data.source;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Split;
import org.histo4j.data.UnreadableImageException;

/**
 * PatchCamelyon's HDF5 layout: per split, {@code PREFIX{train,valid,test}_x.h5} holds dataset {@code x}
 * (N x 96 x 96 x 3 uint8) and {@code PREFIX..._y.h5} holds {@code y} (N x 1 x 1 x 1, 0 or 1). The prefix is the
 * manifest's {@code prefix} option (default {@code camelyonpatch_level_2_split_}). Labels are read once; each
 * image is read as one slice of {@code x} when asked for. The split of each sample is the file's split.
 */
public final class PcamSource extends IndexedSource {

    /** The default file-name prefix of PatchCamelyon. */
    public static final String DEFAULT_PREFIX = "camelyonpatch_level_2_split_";

    private static final String[] FILE_SPLITS = {"train", "valid", "test"};
    private static final Split[] SPLITS = {Split.TRAIN, Split.VALIDATION, Split.TEST};

    private final List<Part> parts;
    private final int[] starts;

    private record Part(Split split, Path file, HdfFile hdf, Dataset x, int height, int width) {}

    private PcamSource(String name, List<String> classes, Builder index, List<Part> parts, int[] starts) {
        super(name, classes, index);
        this.parts = parts;
        this.starts = starts;
    }

    /** Opens the split files present under {@code root}; at least one split's x and y must be there. */
    public static PcamSource open(DatasetManifest manifest, Path root) {
        String prefix = manifest.option("prefix").orElse(DEFAULT_PREFIX);
        Builder index = new Builder();
        List<Part> parts = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        try {
            for (int s = 0; s < FILE_SPLITS.length; s++) {
                Path xFile = root.resolve(prefix + FILE_SPLITS[s] + "_x.h5");
                Path yFile = root.resolve(prefix + FILE_SPLITS[s] + "_y.h5");
                if (!Files.isRegularFile(xFile) && !Files.isRegularFile(yFile)) {
                    continue;
                }
                byte[] labels = readLabels(yFile);
                Part part = openImages(SPLITS[s], xFile, labels.length);
                starts.add(index.size());
                parts.add(part);
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] < 0 || labels[i] >= manifest.classCount()) {
                        throw new Histo4jException(yFile + ": label " + labels[i] + " at row " + i
                                + " is not a class of " + manifest.name());
                    }
                    index.add(labels[i], FILE_SPLITS[s] + ":" + i);
                }
            }
        } catch (RuntimeException e) {
            parts.forEach(p -> p.hdf().close());
            throw e;
        }
        if (parts.isEmpty()) {
            throw new Histo4jException("dataset " + manifest.name() + ": no " + prefix + "{train,valid,test}_x.h5 / _y.h5 in " + root);
        }
        return new PcamSource(manifest.name(), manifest.classNames(), index, parts,
                starts.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String location(int index) {
        int p = part(index);
        return parts.get(p).file() + "#x[" + (index - starts[p]) + "]";
    }

    @Override
    public Optional<Split> presetSplit(int index) {
        return Optional.of(parts.get(part(index)).split());
    }

    @Override
    public BufferedImage read(int index) {
        int p = part(index);
        Part part = parts.get(p);
        long row = index - starts[p];
        byte[][][] pixels;
        try {
            synchronized (part) {
                pixels = ((byte[][][][]) part.x().getData(new long[] {row, 0, 0, 0},
                        new int[] {1, part.height(), part.width(), 3}))[0];
            }
        } catch (RuntimeException e) {
            throw new UnreadableImageException(location(index), String.valueOf(e.getMessage()), e);
        }
        BufferedImage image = new BufferedImage(part.width(), part.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < part.height(); y++) {
            for (int x = 0; x < part.width(); x++) {
                byte[] px = pixels[y][x];
                image.setRGB(x, y, (px[0] & 0xFF) << 16 | (px[1] & 0xFF) << 8 | (px[2] & 0xFF));
            }
        }
        return image;
    }

    @Override
    public void close() {
        parts.forEach(p -> p.hdf().close());
    }

    private int part(int index) {
        int p = parts.size() - 1;
        while (starts[p] > index) {
            p--;
        }
        return p;
    }

    private static byte[] readLabels(Path yFile) {
        try (HdfFile hdf = new HdfFile(requireFile(yFile))) {
            Dataset y = dataset(hdf, "y", yFile);
            if (y.getJavaType() != byte.class) {
                throw new Histo4jException(yFile + ": dataset y must be uint8, found " + y.getJavaType());
            }
            return (byte[]) y.getDataFlat();
        } catch (Histo4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Histo4jException("cannot read PatchCamelyon labels " + yFile + ": " + Histo4jException.reason(e), e);
        }
    }

    private static Part openImages(Split split, Path xFile, int rows) {
        HdfFile hdf = new HdfFile(requireFile(xFile));
        try {
            Dataset x = dataset(hdf, "x", xFile);
            int[] dims = x.getDimensions();
            if (dims.length != 4 || dims[3] != 3 || x.getJavaType() != byte.class) {
                throw new Histo4jException(xFile + ": dataset x must be N x H x W x 3 uint8, found "
                        + java.util.Arrays.toString(dims) + " " + x.getJavaType());
            }
            if (dims[0] != rows) {
                throw new Histo4jException(xFile + ": x has " + dims[0] + " images but the y file has " + rows + " labels");
            }
            return new Part(split, xFile, hdf, x, dims[1], dims[2]);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static Dataset dataset(HdfFile hdf, String name, Path file) {
        Node node = hdf.getChild(name);
        if (!(node instanceof Dataset d)) {
            throw new Histo4jException(file + ": no dataset '" + name + "'");
        }
        return d;
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("PatchCamelyon file " + file + " is missing");
        }
        return file;
    }
}

package org.histo4j.transfer;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.histo4j.Histo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HDF5 plumbing shared by histo4j's files (feature caches, slide bags): atomic writes, a {@code format} and
 * {@code format_version} stamp, provenance attributes, and reads that fail with one line naming the file and the
 * missing or mistyped item. {@code kind} is how the file is called in messages, e.g. "feature cache".
 */
public record HdfStore(String kind, String format, int version) {

    private static final Logger LOG = LoggerFactory.getLogger(HdfStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Writes a file through {@code content} into a temporary sibling, stamps it, and moves it into place, so that a
     * crash never leaves a half-written file; replaces any previous file.
     */
    public void write(Path file, Consumer<WritableHdfFile> content) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            removeLeftovers(target);
            // a hidden sibling (".slide-1.h5.x7k2.tmp"), so that listings of *.h5 never see a file being written;
            // created like any other file, with the user's umask (createTempFile would make it 0600)
            Path temp = Files.createFile(target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp"));
            try {
                try (WritableHdfFile hdf = HdfFile.write(temp)) {
                    content.accept(hdf);
                    hdf.putAttribute("format", format);
                    hdf.putAttribute("format_version", version);
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + kind + " " + file, e);
        }
    }

    /** Deletes the temporary files a killed writer of {@code target} left beside it ({@code [.]NAME*.tmp}). */
    public void removeLeftovers(Path target) throws IOException {
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return;
        }
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(),
                p -> (p.getFileName().toString().startsWith(name) || p.getFileName().toString().startsWith("." + name))
                        && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path leftover : leftovers) {
                LOG.info("removing {} left by an interrupted write of {} {}", leftover, kind, target);
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Moves an unreadable file aside to {@code NAME.corrupt-TIMESTAMP} (kept, not deleted) with one warning naming
     * it and the {@code problem}, so that it can be rebuilt.
     */
    public Path moveAside(Path file, Exception problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).format(LocalDateTime.now()));
        try {
            Files.move(file, aside);
        } catch (IOException e) {
            throw new Histo4jException(kind + " " + file + " cannot be read (" + problem.getMessage()
                    + ") nor moved aside: " + Histo4jException.reason(e), e);
        }
        LOG.warn("{} {} cannot be read ({}); moved it to {} and rebuilding it", kind, file, problem.getMessage(),
                aside.getFileName());
        return aside;
    }

    /** Writes the provenance fields as attributes (see {@link CacheProvenance#FIELDS}). */
    public static void putProvenance(WritableHdfFile hdf, CacheProvenance provenance) {
        List<Object> values = provenance.values();
        for (int i = 0; i < values.size(); i++) {
            hdf.putAttribute(CacheProvenance.FIELDS.get(i), values.get(i));
        }
    }

    /** Opens a file of this kind, checking its format stamp; the caller closes it. */
    public HdfFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException(kind + " not found: " + file);
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new Histo4jException(kind + " " + file + " is not a readable HDF5 file: " + Histo4jException.reason(e), e);
        }
        Attribute stamp = hdf.getAttribute("format");
        if (stamp == null || !format.equals(stamp.getData())) {
            hdf.close();
            throw new Histo4jException("file " + file + " is not a histo4j " + kind + " (no format='" + format
                    + "' attribute)");
        }
        Attribute stampVersion = hdf.getAttribute("format_version");
        if (stampVersion == null || !Integer.valueOf(version).equals(stampVersion.getData())) {
            hdf.close();
            throw new Histo4jException(kind + " " + file + " has format version "
                    + (stampVersion == null ? "none" : stampVersion.getData()) + ", this histo4j reads " + version);
        }
        return hdf;
    }

    /** The provenance recorded in an open file. */
    public CacheProvenance provenance(HdfFile hdf, Path file) {
        try {
            return new CacheProvenance(string(hdf, "encoder", file), string(hdf, "weights_hash", file),
                    string(hdf, "truncation", file), (Integer) attribute(hdf, "input_size", file),
                    string(hdf, "normalisation", file), (Double) attribute(hdf, "microns_per_pixel", file),
                    string(hdf, "source", file), string(hdf, "input_list_hash", file));
        } catch (ClassCastException e) {
            throw new Histo4jException(kind + " " + file + " has a provenance attribute of the wrong type", e);
        }
    }

    /** A root attribute's value. */
    public Object attribute(HdfFile hdf, String name, Path file) {
        Attribute attribute = hdf.getAttribute(name);
        if (attribute == null) {
            throw new Histo4jException(kind + " " + file + " lacks the attribute '" + name + "'");
        }
        return attribute.getData();
    }

    /** A root string attribute. */
    public String string(HdfFile hdf, String name, Path file) {
        return typed(attribute(hdf, name, file), String.class, name, file);
    }

    /** A root dataset's data, of the given Java type (e.g. {@code float[][].class}). */
    public <T> T data(HdfFile hdf, String name, Class<T> type, Path file) {
        Node node = hdf.getChildren().get(name);
        if (!(node instanceof Dataset dataset)) {
            throw new Histo4jException(kind + " " + file + " lacks the dataset '" + name + "'");
        }
        return typed(dataset.getData(), type, name, file);
    }

    /** A value checked to be of {@code type}. */
    public <T> T typed(Object value, Class<T> type, String name, Path file) {
        if (!type.isInstance(value)) {
            throw new Histo4jException(kind + " " + file + ": '" + name + "' is "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ", expected "
                    + type.getSimpleName());
        }
        return type.cast(value);
    }
}

package org.histo4j.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.histo4j.data.ImageSource;

/**
 * What each input of a cache looked like when it was read, so that an input rewritten at the same path makes the
 * cache stale: the file's size and modification time, and the SHA-256 of its bytes when the user asks to verify
 * (slower: every input is read). A location of the form {@code FILE#item} (an HDF5 archive's sample) is stamped by
 * {@code FILE}; a location that is not a file (a synthetic sample) has the stamp {@code "-"}.
 *
 * @param locations the inputs, in the cache's order
 * @param stamps    each input's stamp, e.g. {@code "size=1234;mtime=1733530000000"} (then {@code ";sha256=..."})
 */
public record InputStamps(List<String> locations, List<String> stamps) {

    /** Checks that there is one stamp per location. */
    public InputStamps {
        locations = List.copyOf(locations);
        stamps = List.copyOf(stamps);
        if (locations.size() != stamps.size()) {
            throw new IllegalArgumentException(locations.size() + " locations but " + stamps.size() + " stamps");
        }
    }

    /** The stamps of every input of {@code source}; {@code contentHash} adds the SHA-256 of each file's bytes. */
    public static InputStamps of(ImageSource source, boolean contentHash) {
        List<String> locations = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            locations.add(source.location(i));
        }
        return of(locations, contentHash);
    }

    /** The stamps of {@code locations}; a file shared by several locations is stamped (and hashed) once. */
    public static InputStamps of(List<String> locations, boolean contentHash) {
        Map<Path, String> byFile = new HashMap<>();
        List<String> stamps = new ArrayList<>(locations.size());
        for (String location : locations) {
            Optional<Path> file = file(location);
            stamps.add(file.isEmpty() ? "-" : byFile.computeIfAbsent(file.get(), f -> stamp(f, contentHash)));
        }
        return new InputStamps(locations, stamps);
    }

    /** The stamp of one file: {@code size=N;mtime=MILLIS} and, when {@code contentHash}, {@code ;sha256=HEX}. */
    public static String stamp(Path file, boolean contentHash) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            String stamp = "size=" + attributes.size() + ";mtime=" + attributes.lastModifiedTime().toMillis();
            return contentHash ? stamp + ";sha256=" + CacheProvenance.sha256(file) : stamp;
        } catch (IOException e) {
            throw new Histo4jException("cannot read the size and date of input " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    private static Optional<Path> file(String location) {
        for (String candidate : List.of(location, location.substring(0, Math.max(0, location.indexOf('#'))))) {
            try {
                if (!candidate.isEmpty() && Files.isRegularFile(Path.of(candidate))) {
                    return Optional.of(Path.of(candidate));
                }
            } catch (InvalidPathException e) {
                // not a path (e.g. "synthetic:task#3"): no file to stamp
            }
        }
        return Optional.empty();
    }

    /**
     * How {@code current} (the inputs now) differs from these stamps (recorded in a cache): empty when every input is
     * unchanged, otherwise one sentence naming the first changed file. A content hash asked for now but not recorded
     * counts as a change; a recorded hash is ignored when none is asked for.
     */
    public Optional<String> firstChange(InputStamps current) {
        if (!locations.equals(current.locations)) {
            return Optional.of("the list of inputs changed");
        }
        for (int i = 0; i < stamps.size(); i++) {
            String was = stamps.get(i);
            String now = current.stamps.get(i);
            boolean hashNow = now.contains(";sha256=");
            String wasCompared = hashNow || !was.contains(";sha256=") ? was : was.substring(0, was.indexOf(";sha256="));
            if (!wasCompared.equals(now)) {
                return Optional.of("input " + locations.get(i) + " changed (" + was + " when cached, " + now + " now)");
            }
        }
        return Optional.empty();
    }

    /** The stamps as stored in a cache: one {@code location TAB stamp} string per input. */
    public String[] toStrings() {
        String[] rows = new String[stamps.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = locations.get(i) + "\t" + stamps.get(i);
        }
        return rows;
    }

    /** Stamps read back from {@link #toStrings()}. */
    public static InputStamps fromStrings(String[] rows) {
        List<String> locations = new ArrayList<>(rows.length);
        List<String> stamps = new ArrayList<>(rows.length);
        for (String row : rows) {
            int tab = row.lastIndexOf('\t');
            locations.add(tab < 0 ? row : row.substring(0, tab));
            stamps.add(tab < 0 ? "-" : row.substring(tab + 1));
        }
        return new InputStamps(locations, stamps);
    }
}

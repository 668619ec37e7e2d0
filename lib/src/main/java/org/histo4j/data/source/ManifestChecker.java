package org.histo4j.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.UnreadableImageException;

/**
 * Checks a local copy of a dataset against its manifest: the layout opens, every class is present and no other,
 * per-class and total counts match where the manifest knows them, and every image decodes. The report lists
 * exactly what is wrong; it does not stop at the first problem.
 */
public final class ManifestChecker {

    private ManifestChecker() {}

    /**
     * What a check found.
     *
     * @param manifest   the manifest checked
     * @param root       the local copy
     * @param counts     images found per class name
     * @param problems   one line per problem (missing or extra class, count mismatch, layout error)
     * @param unreadable images that are missing or do not decode, by location
     */
    public record Report(DatasetManifest manifest, Path root, Map<String, Long> counts, List<String> problems,
            List<String> unreadable) {

        /** Copies the collections. */
        public Report {
            counts = Map.copyOf(counts);
            problems = List.copyOf(problems);
            unreadable = List.copyOf(unreadable);
        }

        /** True when nothing is wrong. */
        public boolean ok() {
            return problems.isEmpty() && unreadable.isEmpty();
        }

        /** A readable summary: OK, or every problem and unreadable image on its own line. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(manifest.name() + " at " + root + ": ");
            s.append(ok() ? "OK" : problems.size() + " problem(s), " + unreadable.size() + " unreadable image(s)");
            s.append(", ").append(counts.values().stream().mapToLong(Long::longValue).sum()).append(" images");
            problems.forEach(p -> s.append("\n  ").append(p));
            unreadable.forEach(u -> s.append("\n  unreadable: ").append(u));
            return s.toString();
        }
    }

    /** Checks the local copy in {@code root} (ignored for synthetic datasets, which are always complete). */
    public static Report check(DatasetManifest manifest, Path root) {
        List<String> problems = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        DatasetManifest present = manifest;
        if (manifest.layout() == Layout.FOLDER && root != null && Files.isDirectory(root)) {
            present = presentClasses(manifest, checkFolders(manifest, root, problems));
        }
        try (ImageSource source = Sources.open(present, root, ImageFailurePolicy.SKIP, 0)) {
            unreadable.addAll(source.skipped());
            source.classes().forEach(c -> counts.put(c, 0L));
            for (int i = 0; i < source.size(); i++) {
                counts.merge(source.classes().get(source.label(i)), 1L, Long::sum);
                if (manifest.layout() != Layout.SYNTHETIC) {
                    tryRead(source, i, unreadable);
                }
            }
            compareCounts(manifest, counts, present == manifest, problems);
        } catch (Histo4jException e) {
            problems.add(e.getMessage());
        }
        return new Report(manifest, root, counts, problems, unreadable);
    }

    private static void tryRead(ImageSource source, int index, List<String> unreadable) {
        try {
            source.read(index);
        } catch (UnreadableImageException e) {
            unreadable.add(e.location() + " (" + e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + ")");
        }
    }

    /** Reports missing and extra class folders; returns the sub-folders found. */
    private static List<String> checkFolders(DatasetManifest manifest, Path root, List<String> problems) {
        List<String> found;
        try (var files = Files.list(root)) {
            found = files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            problems.add("cannot list " + root + ": " + Histo4jException.reason(e));
            return List.of();
        }
        if (!manifest.classNamesVerified()) {
            if (found.size() != manifest.classCount()) {
                problems.add("expected " + manifest.classCount() + " class folders, found " + found.size() + " "
                        + found);
            }
            return found;
        }
        for (String c : manifest.classNames()) {
            if (!found.contains(c)) {
                problems.add("class '" + c + "' is missing: no folder " + root.resolve(c));
            }
        }
        for (String f : found) {
            if (!manifest.classNames().contains(f)) {
                problems.add("folder " + root.resolve(f) + " is not a class of the manifest "
                        + manifest.classNames());
            }
        }
        return found;
    }

    /** The manifest restricted to the class folders present, so the present ones can still be counted. */
    private static DatasetManifest presentClasses(DatasetManifest m, List<String> found) {
        if (!m.classNamesVerified() || found.containsAll(m.classNames())) {
            return m;
        }
        List<ClassSpec> kept = m.classes().stream().filter(c -> found.contains(c.name())).toList();
        return new DatasetManifest(m.name(), m.description(), m.citation(), m.url(), m.licence(), m.stain(),
                m.magnification(), m.micronsPerPixel(), kept, -1, true, m.layout(), m.layoutOptions(),
                m.grouping(), m.file());
    }

    private static void compareCounts(DatasetManifest manifest, Map<String, Long> counts, boolean complete,
            List<String> problems) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        for (ClassSpec spec : manifest.classes()) {
            Long found = counts.get(spec.name());
            if (spec.count() >= 0 && found != null && found != spec.count()) {
                problems.add("class '" + spec.name() + "': expected " + spec.count() + " images, found " + found);
            }
        }
        if (complete && manifest.images() >= 0 && total != manifest.images()) {
            problems.add("expected " + manifest.images() + " images in total, found " + total);
        }
    }
}

package org.histo4j.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.histo4j.Histo4jException;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.Manifests;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;

/**
 * A labelled image collection named by a short string, as on the command line:
 * <ul>
 *   <li>{@code synthetic:TASK[:PER_CLASS]}: a synthetic task ({@link SyntheticPool}) of 64 px images,
 *       optionally with PER_CLASS images per class;</li>
 *   <li>a folder: one sub-folder per class (sorted names), every image its own group;</li>
 *   <li>a {@code .csv} file: header {@code path,label[,group]}, paths relative to the CSV, classes the sorted
 *       distinct labels, the group column (or the image) as group;</li>
 *   <li>a {@code .json} dataset manifest: its layout, read from {@code root} (not needed for synthetic ones).</li>
 * </ul>
 *
 * @param text the spec string as given
 */
public record DataSpec(String text) {

    private static final int SYNTHETIC_SIZE = 64;

    /** Validates that the string is not blank. */
    public DataSpec {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty data spec; expected synthetic:TASK[:PER_CLASS], a folder, a "
                    + "CSV list or a manifest");
        }
    }

    /** Opens the source; {@code root} is the local copy of a manifest's dataset (may be null otherwise). */
    public ImageSource open(Path root) {
        if (text.startsWith("synthetic:")) {
            return synthetic(text.substring("synthetic:".length()));
        }
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            return FileListSource.folder(manifest(name(path), List.of(), Layout.FOLDER, Map.of(), Grouping.IMAGE,
                    false), path);
        }
        if (!Files.isRegularFile(path)) {
            throw new Histo4jException("data not found: " + text + " (expected synthetic:TASK, a folder, a CSV or a "
                    + "manifest)");
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            Path folder = path.toAbsolutePath().getParent();
            return FileListSource.csv(manifest(name(path), csvClasses(path), Layout.CSV,
                    Map.of("file", path.getFileName().toString()), Grouping.PATIENT, true), folder,
                    ImageFailurePolicy.FAIL);
        }
        if (lower.endsWith(".json")) {
            DatasetManifest manifest = Manifests.readDataset(path);
            return Sources.open(manifest, root, ImageFailurePolicy.FAIL, 0);
        }
        throw new Histo4jException("data " + text + " is neither a folder, a .csv list nor a .json manifest");
    }

    /** A description for feature-cache provenance: the spec with paths made absolute. */
    public String description() {
        return text.startsWith("synthetic:") ? text : Path.of(text).toAbsolutePath().normalize().toString();
    }

    private static SyntheticSource synthetic(String rest) {
        String[] parts = rest.split(":", -1);
        SyntheticTask task = SyntheticPool.require(parts[0], "data synthetic:" + rest);
        if (parts.length > 2) {
            throw new Histo4jException("bad data spec synthetic:" + rest + "; expected synthetic:TASK[:PER_CLASS]");
        }
        if (parts.length == 2) {
            try {
                task = task.withImagesPerClass(Integer.parseInt(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new Histo4jException("bad images per class '" + parts[1] + "' in synthetic:" + rest, e);
            }
        }
        return new SyntheticSource(task, SYNTHETIC_SIZE, 0);
    }

    private static String name(Path path) {
        String file = path.toAbsolutePath().normalize().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static List<String> csvClasses(Path csv) {
        return List.copyOf(FileListSource.labelList(csv).rows().stream().flatMap(r -> r.opt("label").stream())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static DatasetManifest manifest(String name, List<String> classes, Layout layout,
            Map<String, String> options, Grouping grouping, boolean verified) {
        return new DatasetManifest(name, "local " + layout.jsonName() + " data", "", "", "unknown", "unknown", null,
                null, classes.stream().map(ClassSpec::unknownCount).toList(), -1, verified, layout, options, grouping,
                null);
    }
}

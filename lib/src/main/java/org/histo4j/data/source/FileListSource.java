package org.histo4j.data.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.Histo4jException;
import org.histo4j.data.Csv;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.UnreadableImageException;

/**
 * A source of image files (PNG, JPEG, TIFF, BMP, GIF), indexed from a class-per-folder tree ({@link #folder}) or a
 * CSV list ({@link #csv}); images are decoded when read, strictly ({@link ImageFiles}: a truncated file is unreadable).
 */
public final class FileListSource extends IndexedSource {

    /** File name endings read as images. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif");

    private final Path root;
    private final String[] paths;

    private FileListSource(String name, List<String> classes, Builder index, Path root, List<String> paths) {
        super(name, classes, index);
        this.root = root;
        this.paths = paths.toArray(String[]::new);
    }

    /**
     * Indexes a folder with one sub-folder per class (searched recursively). The group of an image is the first
     * capture group of the manifest's {@code groupPattern} option applied to the file name, or the image itself.
     * When the manifest's class names are placeholders, the sub-folders (sorted) are the classes.
     */
    public static FileListSource folder(DatasetManifest manifest, Path root) {
        List<String> classes = manifest.classNamesVerified() ? manifest.classNames() : subFolders(root);
        Pattern groupPattern = manifest.option("groupPattern").map(Pattern::compile).orElse(null);
        Builder index = new Builder();
        List<String> paths = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = root.resolve(classes.get(label));
            if (!Files.isDirectory(dir)) {
                throw new Histo4jException("dataset " + manifest.name() + ": class folder " + dir + " is missing");
            }
            for (Path file : imageFiles(dir)) {
                String relative = root.relativize(file).toString();
                paths.add(relative);
                index.add(label, groupOf(manifest, groupPattern, relative, file.getFileName().toString()));
            }
        }
        return new FileListSource(manifest.name(), classes, index, root, paths);
    }

    /**
     * Indexes a CSV list with a header {@code path,label[,group]} (the file named by the manifest's {@code file}
     * option, default {@code labels.csv}); paths are relative to the CSV's folder. Missing files are dropped and
     * listed under {@link ImageFailurePolicy#SKIP}, fatal under {@link ImageFailurePolicy#FAIL}.
     */
    public static FileListSource csv(DatasetManifest manifest, Path root, ImageFailurePolicy policy) {
        Path csv = root.resolve(manifest.option("file").orElse("labels.csv"));
        List<Csv.Row> rows = labelList(csv).rows();
        List<String> classes = manifest.classNames();
        Path base = csv.toAbsolutePath().getParent();
        Builder index = new Builder();
        List<String> paths = new ArrayList<>();
        for (Csv.Row row : rows) {
            String label = row.get("label");
            if (!classes.contains(label)) {
                throw new Histo4jException("CSV " + csv + " line " + row.line() + ": label '" + label
                        + "' is not a class of " + manifest.name() + " " + classes);
            }
            String path = row.get("path");
            if (!Files.isRegularFile(base.resolve(path))) {
                if (policy == ImageFailurePolicy.FAIL) {
                    throw new UnreadableImageException(base.resolve(path).toString(), "file does not exist", null);
                }
                index.skip(base.resolve(path).toString());
                continue;
            }
            paths.add(path);
            String group = row.opt("group").orElse(path);
            index.add(classes.indexOf(label), manifest.grouping() == Grouping.IMAGE ? path : group);
        }
        return new FileListSource(manifest.name(), classes, index, base, paths);
    }

    @Override
    public String location(int index) {
        return root.resolve(paths[index]).toString();
    }

    @Override
    public BufferedImage read(int index) {
        return toRgb(ImageFiles.decode(root.resolve(paths[index])));
    }

    private static String groupOf(DatasetManifest manifest, Pattern pattern, String relative, String fileName) {
        if (pattern == null || manifest.grouping() == Grouping.IMAGE) {
            return relative;
        }
        Matcher m = pattern.matcher(fileName);
        if (!m.find() || m.groupCount() < 1) {
            throw new Histo4jException("dataset " + manifest.name() + ": layout.groupPattern '" + pattern
                    + "' finds no group in file name " + fileName);
        }
        return m.group(1);
    }

    /** The image files under a folder, recursively, sorted by path. */
    static List<Path> imageFiles(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(FileListSource::isImage).sorted().toList();
        } catch (IOException e) {
            throw new Histo4jException("cannot list " + dir + ": " + Histo4jException.reason(e), e);
        }
    }

    /** The sorted names of the sub-folders of a folder. */
    static List<String> subFolders(Path root) {
        try (var files = Files.list(root)) {
            return files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new Histo4jException("cannot list dataset folder " + root + ": " + Histo4jException.reason(e), e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** A CSV list of labelled images (header {@code path,label[,group]}), read by {@link Csv}. */
    public static Csv labelList(Path csv) {
        Csv file = Csv.read(csv);
        if (file.header().size() < 2 || !file.header().subList(0, 2).equals(List.of("path", "label"))) {
            throw new Histo4jException("CSV " + csv + ": the first line must be the header path,label[,group], not "
                    + String.join(",", file.header()));
        }
        return file;
    }
}

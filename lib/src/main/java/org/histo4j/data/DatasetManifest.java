package org.histo4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one dataset (one task of a pool) is: where it comes from, how to cite it, its stain and scale, its classes,
 * how it is laid out on disk and how its samples are grouped for splits. Read from {@code data-manifests/*.json} by
 * {@link Manifests}.
 *
 * @param name               unique short name, also the manifest file name without {@code .json}
 * @param description        one or two sentences on what the images show
 * @param citation           the publication to cite
 * @param url                where to download it
 * @param licence            its licence as published ("unknown" when not stated)
 * @param stain              the stain, e.g. {@code "H&E"}
 * @param magnification      objective magnification, or {@code null} when unknown
 * @param micronsPerPixel    microns per pixel, or {@code null} when unknown
 * @param classes            the classes in label order
 * @param images             total number of images, or {@code -1} when unknown
 * @param classNamesVerified false when the class names are placeholders: a local copy is then checked by the
 *                           number of classes, not their names
 * @param layout             the on-disk layout
 * @param layoutOptions      layout parameters (e.g. {@code file} for CSV, {@code prefix} for PatchCamelyon,
 *                           {@code groupPattern} for folders, {@code task}/{@code size}/{@code signal} for synthetic)
 * @param grouping           the unit kept within one split
 * @param file               the manifest file it was read from, or {@code null} when built in code
 */
public record DatasetManifest(String name, String description, String citation, String url, String licence,
        String stain, Double magnification, Double micronsPerPixel, List<ClassSpec> classes, long images,
        boolean classNamesVerified, Layout layout, Map<String, String> layoutOptions, Grouping grouping, Path file) {

    /** Copies the lists so the manifest is immutable. */
    public DatasetManifest {
        classes = List.copyOf(classes);
        layoutOptions = Map.copyOf(layoutOptions);
    }

    /** True when the manifest gives microns per pixel. */
    public boolean hasMicrons() {
        return micronsPerPixel != null;
    }

    /** True when the manifest gives an objective magnification. */
    public boolean hasMagnification() {
        return magnification != null;
    }

    /** The number of classes. */
    public int classCount() {
        return classes.size();
    }

    /** The class names in label order. */
    public List<String> classNames() {
        return classes.stream().map(ClassSpec::name).toList();
    }

    /** A layout option, if given. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(layoutOptions.get(key));
    }

    /** Where the manifest came from, for messages: its file, or its name when built in code. */
    public String origin() {
        return file != null ? file.toString() : "manifest " + name;
    }
}

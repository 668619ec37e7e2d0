package org.histo4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.histo4j.Histo4jException;

/**
 * Reads and validates the JSON manifests of {@code data-manifests/}. A dataset manifest has {@code "kind":
 * "dataset"} and the fields of {@link DatasetManifest}; a pool manifest has {@code "kind": "pool"}, {@code tasks}
 * and optional {@code targets}, naming dataset manifests in the same folder. Unknown numbers are written as the
 * string {@code "unknown"}. Every validation failure is a {@link Histo4jException} naming the file and the field.
 */
public final class Manifests {

    /** The string manifests use for a number that is not known. */
    public static final String UNKNOWN = "unknown";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> DATASET_FIELDS = List.of("kind", "name", "description", "citation", "url",
            "licence", "stain", "magnification", "micronsPerPixel", "classes", "images", "classNamesVerified",
            "layout", "grouping");
    private static final List<String> POOL_FIELDS = List.of("kind", "name", "description", "citation", "tasks",
            "targets");
    private static final Map<Layout, List<String>> LAYOUT_OPTIONS = Map.of(Layout.FOLDER, List.of("groupPattern"),
            Layout.CSV, List.of("file"), Layout.HDF5_PCAM, List.of("prefix"),
            Layout.SYNTHETIC, List.of("task", "signal", "imagesPerClass", "size"));
    private static final List<String> INTEGER_OPTIONS = List.of("imagesPerClass", "size");

    private Manifests() {}

    /** Reads a dataset manifest. */
    public static DatasetManifest readDataset(Path file) {
        JsonNode root = parse(file);
        Fields f = new Fields(file, root);
        f.requireKind("dataset");
        f.onlyKnown(DATASET_FIELDS, "a dataset manifest");
        String name = f.name();
        List<ClassSpec> classes = f.classes();
        long images = f.countOrUnknown(root, "images");
        long known = classes.stream().mapToLong(ClassSpec::count).filter(c -> c >= 0).sum();
        boolean allKnown = classes.stream().allMatch(c -> c.count() >= 0);
        if (images >= 0 && allKnown && known != images) {
            throw f.error("images", "is " + images + " but the class counts add up to " + known);
        }
        if (!root.has("magnification") && !root.has("micronsPerPixel")) {
            throw f.error("magnification", "missing: give magnification and/or micronsPerPixel");
        }
        JsonNode layoutNode = f.object("layout");
        String type = new Fields(file, layoutNode, "layout.").text("type");
        Layout layout = Layout.fromJson(type).orElseThrow(() -> f.error("layout.type",
                "'" + type + "' is not one of folder, csv, hdf5-pcam, synthetic"));
        String groupingName = f.text("grouping");
        Grouping grouping = Grouping.fromJson(groupingName).orElseThrow(() -> f.error("grouping",
                "'" + groupingName + "' is not one of patient, slide, image"));
        return new DatasetManifest(name, f.text("description"), f.text("citation"), f.text("url"),
                f.text("licence"), f.text("stain"), f.optionalNumber("magnification"),
                f.optionalNumber("micronsPerPixel"), classes, images,
                !root.has("classNamesVerified") || f.bool("classNamesVerified"), layout,
                f.layoutOptions(layoutNode, layout), grouping, file);
    }

    /** Reads a pool manifest (without reading the task manifests it names). */
    public static PoolManifest readPool(Path file) {
        JsonNode root = parse(file);
        Fields f = new Fields(file, root);
        f.requireKind("pool");
        f.onlyKnown(POOL_FIELDS, "a pool manifest");
        List<String> tasks = f.names("tasks", true);
        List<String> targets = root.has("targets") ? f.names("targets", false) : List.of();
        for (String target : targets) {
            if (tasks.contains(target)) {
                throw f.error("targets", "'" + target + "' is also in tasks; a target must be held out");
            }
        }
        return new PoolManifest(f.name(), f.text("description"), f.text("citation"), tasks, targets, file);
    }

    /** Reads a pool manifest and the task and target manifests it names, from the same folder. */
    public static ResolvedPool resolvePool(Path poolFile) {
        PoolManifest pool = readPool(poolFile);
        Path dir = poolFile.toAbsolutePath().getParent();
        return new ResolvedPool(pool, readAll(dir, pool.tasks(), poolFile, "tasks"),
                readAll(dir, pool.targets(), poolFile, "targets"));
    }

    /** Reads every {@code *.json} dataset manifest of a folder (pools are skipped), by name. */
    public static Map<String, DatasetManifest> readFolder(Path dir) {
        Map<String, DatasetManifest> out = new LinkedHashMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (!"pool".equals(parse(file).path("kind").asText())) {
                    DatasetManifest m = readDataset(file);
                    out.put(m.name(), m);
                }
            }
        } catch (IOException e) {
            throw new Histo4jException("cannot list manifest folder " + dir + ": " + Histo4jException.reason(e), e);
        }
        return out;
    }

    private static List<DatasetManifest> readAll(Path dir, List<String> names, Path poolFile, String field) {
        List<DatasetManifest> out = new ArrayList<>();
        for (String name : names) {
            Path file = dir.resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                throw new Histo4jException("manifest " + poolFile + ": field '" + field + "' names '" + name
                        + "' but " + file + " does not exist");
            }
            out.add(readDataset(file));
        }
        return out;
    }

    private static JsonNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("manifest " + file + " does not exist");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new Histo4jException("manifest " + file + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new Histo4jException("manifest " + file + ": invalid JSON: " + Histo4jException.reason(e), e);
        }
    }

    /** Field access with messages naming the file and the field. */
    private record Fields(Path file, JsonNode node, String prefix) {

        Fields(Path file, JsonNode node) {
            this(file, node, "");
        }

        Histo4jException error(String field, String problem) {
            return new Histo4jException("manifest " + file + ": field '" + field + "' " + problem);
        }

        /** Refuses a field that is not in {@code known} (a misspelling), naming it and the fields that exist. */
        void onlyKnown(List<String> known, String what) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!known.contains(field)) {
                    throw error(prefix + field, "is not a field of " + what + "; the fields are " + known);
                }
            }
        }

        void requireKind(String kind) {
            String actual = text("kind");
            if (!actual.equals(kind)) {
                throw error("kind", "is '" + actual + "', expected '" + kind + "'");
            }
        }

        String name() {
            String name = text("name");
            String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
            if (!name.equals(stem)) {
                throw error("name", "is '" + name + "' but the file is named " + stem + ".json");
            }
            return name;
        }

        JsonNode required(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw error(prefix + field, "missing");
            }
            return value;
        }

        String text(String field) {
            JsonNode value = required(field);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw error(prefix + field, "must be a non-empty string, got " + value);
            }
            return value.asText();
        }

        boolean bool(String field) {
            JsonNode value = required(field);
            if (!value.isBoolean()) {
                throw error(prefix + field, "must be true or false, got " + value);
            }
            return value.asBoolean();
        }

        JsonNode object(String field) {
            JsonNode value = required(field);
            if (!value.isObject()) {
                throw error(prefix + field, "must be an object, got " + value);
            }
            return value;
        }

        Double optionalNumber(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || UNKNOWN.equals(value.asText())) {
                return null;
            }
            if (!value.isNumber() || value.asDouble() <= 0) {
                throw error(prefix + field, "must be a positive number or \"unknown\", got " + value);
            }
            return value.asDouble();
        }

        long countOrUnknown(JsonNode parent, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                throw error(prefix + field, "missing (write \"unknown\" if not known)");
            }
            if (value.isTextual() && UNKNOWN.equals(value.asText())) {
                return -1;
            }
            return integer(prefix + field, value, 0, Long.MAX_VALUE, "a non-negative integer or \"unknown\"");
        }

        /**
         * The value of a JSON integer in {@code [min, max]}; a fraction, a number out of range (JSON numbers are
         * not wrapped into a {@code long}) or not a number is an error naming the path and the value.
         */
        long integer(String path, JsonNode value, long min, long max, String expected) {
            String problem = !value.isNumber() ? "is not a number"
                    : !value.canConvertToExactIntegral() ? "is not a whole number"
                    : !value.canConvertToLong() || value.asLong() > max ? "is too large"
                    : value.asLong() < min ? (min == 0 ? "is negative" : "is below " + min) : null;
            if (problem != null) {
                throw error(path, "must be " + expected + "; " + value + " " + problem);
            }
            return value.asLong();
        }

        List<ClassSpec> classes() {
            JsonNode array = required("classes");
            if (!array.isArray() || array.isEmpty()) {
                throw error("classes", "must be a non-empty array");
            }
            List<ClassSpec> out = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < array.size(); i++) {
                String field = "classes[" + i + "]";
                JsonNode entry = array.get(i);
                if (!entry.isObject()) {
                    throw error(field, "must be an object with name and count, got " + entry);
                }
                Fields ef = new Fields(file, entry, field + ".");
                ef.onlyKnown(List.of("name", "count"), "a class");
                String name = ef.text("name");
                if (!seen.add(name)) {
                    throw error(field + ".name", "repeats class '" + name + "'");
                }
                out.add(new ClassSpec(name, ef.countOrUnknown(entry, "count")));
            }
            if (out.size() < 2) {
                throw error("classes", "needs at least 2 classes, got " + out.size());
            }
            return out;
        }

        List<String> names(String field, boolean nonEmpty) {
            JsonNode array = required(field);
            if (!array.isArray() || (nonEmpty && array.isEmpty())) {
                throw error(field, "must be a " + (nonEmpty ? "non-empty " : "") + "array of manifest names");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (!v.isTextual() || v.asText().isBlank() || out.contains(v.asText())) {
                    throw error(field + "[" + i + "]", "must be a distinct manifest name, got " + v);
                }
                out.add(v.asText());
            }
            return out;
        }

        Map<String, String> layoutOptions(JsonNode layoutNode, Layout layout) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = layoutNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("type")) {
                    String path = "layout." + e.getKey();
                    if (!LAYOUT_OPTIONS.get(layout).contains(e.getKey())) {
                        throw error(path, "is not an option of the " + layout.jsonName() + " layout; its options are "
                                + LAYOUT_OPTIONS.get(layout));
                    }
                    if (!e.getValue().isValueNode()) {
                        throw error(path, "must be a string or a number");
                    }
                    if (INTEGER_OPTIONS.contains(e.getKey())) {
                        integer(path, e.getValue(), 1, Integer.MAX_VALUE, "a positive integer");
                    }
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
            if (layout == Layout.SYNTHETIC && !out.containsKey("task")) {
                throw error("layout.task", "missing: a synthetic layout names its generator task");
            }
            return out;
        }
    }
}

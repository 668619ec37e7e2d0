package org.histo4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.histo4j.Histo4jException;
import org.histo4j.slide.encode.SlideEncoder;

/**
 * Opens a Spark context for histo4j's jobs: the master as given ({@code local[N]}, {@code spark://HOST:PORT},
 * {@code yarn}, {@code k8s://...}), the histo4j jars shipped to executors with {@code setJars}, executors started
 * with the JVM options histo4j needs (native access for OpenSlide and libtorch, DJL offline) and the driver's DJL
 * cache, tcmalloc and fixtures environment, and every task tried {@value #ATTEMPTS} times. Any {@code spark.*}
 * system property (e.g. {@code -Dspark.executor.memory=4g}) overrides these defaults.
 */
final class SparkCluster {

    /** Attempts per task (Spark's default {@code spark.task.maxFailures}). */
    static final int ATTEMPTS = 4;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[0-9]+)\\])?");
    private static final String EXECUTOR_OPTIONS = "--enable-native-access=ALL-UNNAMED"
            + " --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true";

    private SparkCluster() {}

    /** A context for {@code master}, named {@code appName}; the caller closes it. */
    static JavaSparkContext open(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        int attempts = conf.getInt("spark.task.maxFailures", ATTEMPTS);
        conf.setMaster(withRetries(master, attempts)).set("spark.task.maxFailures", String.valueOf(attempts))
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.executor.extraJavaOptions", EXECUTOR_OPTIONS)
                .setJars(jars().toArray(String[]::new));
        for (String variable : List.of("DJL_CACHE_DIR", "LD_PRELOAD", "HISTO4J_FIXTURES")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                conf.setIfMissing("spark.executorEnv." + variable, value);
            }
        }
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new Histo4jException("cannot start Spark with master " + master + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code local[N]} as {@code local[N,attempts]}: local mode retries a task only when the master says so;
     * cluster masters are returned as they are ({@code spark.task.maxFailures} applies there).
     */
    static String withRetries(String master, int attempts) {
        Matcher local = LOCAL.matcher(master.strip());
        if (!local.matches()) {
            return master;
        }
        return "local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + attempts + "]";
    }

    /** The attempts per task that {@code context} was opened with. */
    static int attempts(JavaSparkContext context) {
        return context.getConf().getInt("spark.task.maxFailures", ATTEMPTS);
    }

    /** The executors registered now (in local mode: 1, the driver). */
    static int executors(JavaSparkContext context) {
        int withDriver = context.sc().getExecutorMemoryStatus().size();
        return context.isLocal() ? 1 : Math.max(0, withDriver - 1);
    }

    /**
     * The jars holding the library and this runner ({@code histo4j.jar}, {@code histo4j-spark.jar}); a class folder
     * (tests, IDEs) is packed into a temporary jar first, so that executors get the same classes.
     */
    static List<String> jars() {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> type : List.of(SlideEncoder.class, SparkCluster.class)) {
            Path location;
            try {
                location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
            }
            jars.add((Files.isDirectory(location) ? packed(location) : location).toAbsolutePath().toString());
        }
        return new ArrayList<>(jars);
    }

    private static Path packed(Path classes) {
        try {
            Path jar = Files.createTempFile("histo4j-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                    Stream<Path> walk = Files.walk(classes)) {
                for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                    Files.copy(path, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + classes + " into a jar for the executors", e);
        }
    }
}

package org.histo4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on this machine: a master and two workers as separate JVMs bound to 127.0.0.1, started
 * from the test's class path (a SPARK_HOME whose {@code jars/} links it). A cohort is encoded on it, one worker and
 * its executor are killed as soon as the first bag lands, and the job still completes with the bags of one
 * machine. Every process started is stopped in {@code finally} (and by a shutdown hook if the JVM dies first).
 */
class StandaloneClusterTest {

    private static final int SLIDES = 4;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration JOB = Duration.ofSeconds(240);

    private final List<Process> started = new ArrayList<>();
    private final Thread stopAll = new Thread(this::stopAll, "stop-spark-cluster");

    @TempDir
    Path dir;

    @Test
    void aCohortEncodedOnTwoWorkersSurvivesAKilledWorkerWithTheOneMachineBags() throws Exception {
        Runtime.getRuntime().addShutdownHook(stopAll);
        Map<String, String> saved = Map.of();
        try {
            Path home = sparkHome(dir.resolve("spark-home"));
            int port = freePort();
            int ui = freePort();
            start(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--webui-port", String.valueOf(ui));
            String master = "spark://127.0.0.1:" + port;
            Process first = startWorker(home, master, 1);
            startWorker(home, master, 2);
            // the one-machine bags while the cluster's JVMs start
            List<SlideEntry> slides = SparkEncodingTest.cohort(dir.resolve("cohort"), SLIDES);
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse(SparkEncodingTest.ENCODER),
                        manager);
                SparkEncodingTest.encodeOnOneMachine(encoder, slides, dir.resolve("local"));
            }
            waitFor(() -> aliveWorkers(ui) == 2, START, "two workers registered with the master");
            saved = driverOnLoopback();

            Path out = dir.resolve("cluster");
            StringWriter text = new StringWriter();
            CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> new SparkEncoding()
                    .encodeSlides(SparkEncodingTest.job(master, slides, out), new PrintWriter(text)));
            waitFor(() -> bags(out) >= 1 || job.isDone(), JOB, "the first bag");
            int bagsWhenKilled = bags(out);
            kill(first);

            int code = job.get(JOB.toSeconds(), TimeUnit.SECONDS);

            assertTrue(bagsWhenKilled < SLIDES, "the worker was killed mid-job (" + bagsWhenKilled + " bags)");
            assertFalse(first.isAlive());
            assertEquals(0, code, text.toString());
            SparkEncodingTest.assertSameBags(dir.resolve("local"), out, SLIDES);
            String record = Files.readString(out.resolve(SparkEncoding.RUN_RECORD));
            assertTrue(record.contains(master), record);
            assertTrue(record.contains("\"intraOpThreads\" : " + EncoderRecipe.driverThreads()), record);
        } finally {
            saved.forEach((key, value) -> {
                if (value.isEmpty()) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            stopAll();
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
    }

    /** A SPARK_HOME whose jars/ links every jar of this JVM's class path (what the worker puts on executors). */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(jars.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return home;
    }

    private Process startWorker(Path home, String master, int n) throws IOException {
        return start(home, "worker-" + n, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "1", "--memory", "768m", "--webui-port", String.valueOf(freePort()), "--work-dir",
                Files.createDirectories(dir.resolve("work-" + n)).toString(), master);
    }

    private Process start(Path home, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "--sun-misc-unsafe-memory-access=allow", "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs().resolve(name + ".log").toFile());
        builder.environment().putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1"));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Points the driver (this JVM) at the loopback interface, small executors; returns the previous values ("" when unset). */
    private static Map<String, String> driverOnLoopback() {
        Map<String, String> previous = new HashMap<>();
        Map<String, String> settings = Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress",
                "127.0.0.1", "spark.executor.memory", "512m");
        settings.forEach((key, value) -> {
            previous.put(key, System.getProperty(key, ""));
            System.setProperty(key, value);
        });
        return previous;
    }

    /** The alive workers the master's status page lists. */
    private static int aliveWorkers(int uiPort) {
        try {
            String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
            return alive.find() ? Integer.parseInt(alive.group(1)) : 0;
        } catch (IOException e) {
            return 0; // the master is not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The processes' logs, kept in target/ for a look after a failure. */
    private static Path logs() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("histo4j.repo", "."), "spark", "target",
                "cluster-logs"));
    }

    private static int bags(Path out) {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (var files = Files.list(out)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".h5")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills a process and everything it started (a worker's executors), at once. */
    private static void kill(Process process) throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void stopAll() {
        for (Process process : started) {
            try {
                kill(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

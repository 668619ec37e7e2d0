package org.histo4j.spark;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.histo4j.Histo4jException;
import org.histo4j.WriteLock;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.FeatureCache;
import org.histo4j.transfer.FeatureSet;
import org.histo4j.data.source.DataSpec;

/**
 * The Spark runner behind {@code --spark MASTER} (a {@link SparkRunner} service): {@code slide encode} through
 * {@link SlideCohortJob}, {@code features extract} through {@link FeatureBlocksJob}. Besides what a local run writes
 * (bags and {@code bags.csv} with the encoder provenance in every bag, or the feature cache with its provenance), a
 * run records {@code spark-run.json} (bags folder) or {@code FILE.h5.spark-run.json}: engine and version, master,
 * application id, executors, attempts per task and the job's settings.
 */
public final class SparkEncoding implements SparkRunner {

    /** The run record written beside the output. */
    public static final String RUN_RECORD = "spark-run.json";

    /** Creates the runner (the service loader calls this). */
    public SparkEncoding() {}

    @Override
    public int encodeSlides(SlideJob job, PrintWriter out) {
        SlideCohortJob.checkOut(job.out());
        SlideRecipe recipe = SlideRecipe.of(job);
        // the driver holds the bag folder's lock while executors (here or in other processes) write the bags
        try (WriteLock lock = WriteLock.onFolder(job.out(), "bag folder " + job.out());
                JavaSparkContext context = SparkCluster.open(job.master(), "histo4j slide encode")) {
            SlideCohortJob.Result result = SlideCohortJob.run(context, job.slides(), recipe, job.out());
            ObjectNode record = record(context, "slide encode", result.executors());
            record.putPOJO("recipe", recipe);
            record.put("slides", job.slides().size()).put("failed", result.failures())
                    .put("job_seconds", result.seconds());
            write(job.out().resolve(RUN_RECORD), record);
            return SlideCohortJob.report(job.slides(), job.out(), result, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports into " + job.out(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Spark's checked SparkException, undeclared by its Scala API
            throw failed(e);
        }
    }

    @Override
    public int extractFeatures(FeatureJob job, PrintWriter out) {
        EncoderRecipe encoderRecipe = EncoderRecipe.of(job.encoding());
        DataSpec data = new DataSpec(job.data());
        FeatureBlocksJob.Recipe recipe = new FeatureBlocksJob.Recipe(job.data(),
                job.root() == null ? null : job.root().toAbsolutePath().toString(), encoderRecipe, job.batchSize());
        try (ImageSource source = recipe.open();
                NDManager manager = NDManager.newBaseManager(encoderRecipe.onDevice())) {
            CacheProvenance provenance = provenance(recipe, source, data, manager);
            try (JavaSparkContext context = SparkCluster.open(job.master(), "histo4j features extract")) {
                FeatureSet features = FeatureSet.of(source, FeatureBlocksJob.run(context, recipe, source.size()));
                FeatureCache.write(job.out(), features, provenance);
                ObjectNode record = record(context, "features extract", SparkCluster.executors(context));
                record.putPOJO("recipe", recipe);
                record.put("images", features.size());
                write(Path.of(job.out() + "." + RUN_RECORD), record);
                out.println(features.size() + " images x " + features.dimension() + " features of "
                        + provenance.encoder() + " written to " + job.out().toAbsolutePath() + " (Spark "
                        + context.version() + ", " + SparkCluster.executors(context) + " executor(s))");
                out.flush();
                return 0;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Spark's checked SparkException, undeclared by its Scala API
            throw failed(e);
        }
    }

    /** The cache provenance, from the encoder loaded once on the driver (its weights hash). */
    private static CacheProvenance provenance(FeatureBlocksJob.Recipe recipe, ImageSource source, DataSpec data,
            NDManager manager) {
        try (Encoder encoder = recipe.encoder().load(manager)) {
            return recipe.extractor(encoder).provenance(source, data.description());
        }
    }

    private static ObjectNode record(JavaSparkContext context, String command, int executors) {
        ObjectNode record = new ObjectMapper().createObjectNode();
        record.put("command", command).put("engine", "spark").put("spark_version", context.version())
                .put("master", context.master()).put("application_id", context.sc().applicationId())
                .put("executors", executors).put("attempts_per_task", SparkCluster.attempts(context))
                .put("default_parallelism", context.defaultParallelism());
        return record;
    }

    private static void write(Path file, ObjectNode record) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A job Spark gave up on: one line with the deepest cause's message. */
    private static Histo4jException failed(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Histo4jException("the Spark job failed: " + message.lines().findFirst().orElse(""), e);
    }
}

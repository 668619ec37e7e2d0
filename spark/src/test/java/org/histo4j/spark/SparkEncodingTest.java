package org.histo4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.transfer.FeatureCache;
import org.histo4j.transfer.FeatureExtractor;
import org.histo4j.data.source.DataSpec;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark path on {@code local[2]} gives the single-machine bags and feature cache, byte for byte. */
class SparkEncodingTest {

    static final String ENCODER = "random:nic:1";

    @TempDir
    static Path dir;

    static List<SlideEntry> slides;

    @BeforeAll
    static void writeCohortAndEncodeItOnOneMachine() {
        slides = cohort(dir.resolve("cohort"), 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse(ENCODER), manager);
            encodeOnOneMachine(encoder, slides, dir.resolve("local"));
        }
    }

    /** The plain path: the library's slide encoder with the settings of {@link #job}, in this JVM. */
    static void encodeOnOneMachine(Encoder encoder, List<SlideEntry> cohort, Path out) {
        SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0).optMinTissue(0.5).optBatchSize(16)
                .build().encodeCohort(cohort, out, SlideEncoder.Listener.NONE);
    }

    /** A small synthetic cohort of {@code n} slides (half positive) and its manifest's entries. */
    static List<SlideEntry> cohort(Path folder, int n) {
        try {
            SyntheticCohort.builder().setPainter(seed -> HistologySlidePainter.builder().optBlockSize(256).build(seed))
                .optSlides(n).optSize(1024, 768).optIslands(2).optLesionFraction(0.1).optLesionRadius(60).optSeed(3)
                    .build().write(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return SlideCohort.read(folder.resolve(SyntheticCohort.MANIFEST));
    }

    /** The encoder as {@code slide encode --encoder random:nic:1 --device cpu} gives it to the runner. */
    static SparkRunner.Encoding encoding() {
        return new SparkRunner.Encoding(ENCODER, null, 224, "cpu", SparkRunner.Stain.NONE);
    }

    /** {@code slide encode --tile-size 64 --mpp 1.0 --batch 16} on {@code master}. */
    static SparkRunner.SlideJob job(String master, List<SlideEntry> cohort, Path out) {
        return new SparkRunner.SlideJob(master, cohort, out, encoding(),
                new SparkRunner.Tiling(64, 1.0, null, 0.5, 0.02, false, null), 16);
    }

    /**
     * The same bags (and no other) in both folders, each byte-identical, and the same {@code bags.csv}; the Spark
     * folder also holds its run record.
     */
    static void assertSameBags(Path expected, Path actual, int slideCount) throws IOException {
        List<String> expectedBags = bagNames(expected);
        assertEquals(slideCount, expectedBags.size(), "the one-machine bags: " + expectedBags);
        assertEquals(expectedBags, bagNames(actual));
        List<String> files = new ArrayList<>(expectedBags);
        files.add(SlideEncoder.BAGS_MANIFEST);
        for (String name : files) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    "file " + name);
        }
    }

    private static List<String> bagNames(Path folder) throws IOException {
        try (var list = Files.list(folder)) {
            return list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".h5")).sorted().toList();
        }
    }

    @Test
    void bagsOnLocal2AreTheOneMachineBagsAndARerunSkipsThem() throws IOException {
        Path out = dir.resolve("spark");
        StringWriter text = new StringWriter();

        int code = new SparkEncoding().encodeSlides(job("local[2]", slides, out), new PrintWriter(text));
        int again = new SparkEncoding().encodeSlides(job("local[2]", slides, out), new PrintWriter(text));

        assertEquals(0, code, text.toString());
        assertEquals(0, again);
        assertSameBags(dir.resolve("local"), out, slides.size());
        assertTrue(text.toString().contains("3 slides (0 skipped as fresh, 0 failed)"), text.toString());
        assertTrue(text.toString().contains("3 slides (3 skipped as fresh, 0 failed)"), text.toString());
        String record = Files.readString(out.resolve(SparkEncoding.RUN_RECORD));
        assertTrue(record.contains("\"engine\" : \"spark\"") && record.contains("\"executors\" : 1"), record);
        assertFalse(Files.exists(out.resolve(SlideCohortJob.FAILURES)));
    }

    @Test
    void macenkoFittedPerSlideOnExecutorsGivesTheOneMachineBagsAndFits() throws IOException {
        MacenkoNormalizer standard = MacenkoNormalizer.builder().optReference(MacenkoNormalizer.STANDARD).build();
        SlideStain stain = SlideStain.macenkoPerSlide(standard);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse(ENCODER), manager);
            SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0).optMinTissue(0.5).optBatchSize(16)
                    .optSlideStain(stain).build().encodeCohort(slides, dir.resolve("local-macenko"),
                            SlideEncoder.Listener.NONE);
        }
        SparkRunner.SlideJob plain = job("local[2]", slides, dir.resolve("spark-macenko"));
        SparkRunner.Encoding shipped = new SparkRunner.Encoding(ENCODER, null, 224, "cpu",
                new SparkRunner.Stain(stain.identity(), standard.toJson().toString(), true));
        StringWriter text = new StringWriter();

        int code = new SparkEncoding().encodeSlides(new SparkRunner.SlideJob(plain.master(), slides, plain.out(),
                shipped, plain.tiling(), plain.batchSize()), new PrintWriter(text));

        assertEquals(0, code, text.toString());
        assertSameBags(dir.resolve("local-macenko"), dir.resolve("spark-macenko"), slides.size());
        for (SlideEntry slide : slides) {
            Path fit = SlideStain.fileBeside(dir.resolve("spark-macenko").resolve(slide.slideId() + ".h5"));
            assertArrayEquals(Files.readAllBytes(SlideStain.fileBeside(dir.resolve("local-macenko")
                    .resolve(slide.slideId() + ".h5"))), Files.readAllBytes(fit), "the fit of " + slide.slideId());
        }
    }

    @Test
    void aSlideThatFailsEveryAttemptIsListedAndTheOthersAreEncoded() throws IOException {
        Path out = dir.resolve("with-failure");
        Path broken = dir.resolve("cohort/slides/broken.tiff");
        Files.writeString(broken, "not a slide");
        List<SlideEntry> withBroken = new ArrayList<>(slides);
        withBroken.add(1, new SlideEntry("broken", broken, 0, "broken"));
        StringWriter text = new StringWriter();

        int code = new SparkEncoding().encodeSlides(job("local[2]", withBroken, out), new PrintWriter(text));

        assertEquals(1, code, text.toString());
        List<String> failures = Files.readAllLines(out.resolve(SlideCohortJob.FAILURES));
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(failures.get(1).startsWith("broken," + broken.toAbsolutePath() + ",4,"), failures.get(1));
        assertFalse(Files.exists(out.resolve(SlideEncoder.BAGS_MANIFEST)), "no manifest of a partial cohort");
        for (SlideEntry slide : slides) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(slide.slideId() + ".h5")),
                    Files.readAllBytes(out.resolve(slide.slideId() + ".h5")), slide.slideId());
        }

        text.getBuffer().setLength(0);
        int rerun = new SparkEncoding().encodeSlides(job("local[2]", slides, out), new PrintWriter(text));

        assertEquals(0, rerun);
        assertTrue(text.toString().contains("3 slides (3 skipped as fresh, 0 failed)"), text.toString());
        assertFalse(Files.exists(out.resolve(SlideCohortJob.FAILURES)), "the failures of the last run only");
        assertSameBags(dir.resolve("local"), out, slides.size());
    }

    @Test
    void aFeatureCacheOnLocal2IsTheOneMachineCache() throws IOException {
        String data = "synthetic:syn-tumour-vs-normal:10";
        Path local = dir.resolve("features-local.h5");
        try (ImageSource source = new DataSpec(data).open(null); NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse(ENCODER), manager);
            FeatureExtractor extractor = FeatureExtractor.builder().setEncoder(encoder).optBatchSize(8).build();
            FeatureCache.write(local, extractor.extract(source, n -> { }),
                    extractor.provenance(source, new DataSpec(data).description()));
        }
        Path spark = dir.resolve("features-spark.h5");
        StringWriter text = new StringWriter();

        int code = new SparkEncoding().extractFeatures(new SparkRunner.FeatureJob("local[2]", data, null, encoding(), 8,
                spark), new PrintWriter(text));

        assertEquals(0, code);
        assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(spark));
        assertTrue(Files.isRegularFile(Path.of(spark + "." + SparkEncoding.RUN_RECORD)));
    }
}

package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Locale;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.Precision;
import org.junit.jupiter.api.Test;

/** Lower-precision extraction on the CPU: it runs, stays close to float32, and caches tell the precisions apart. */
class FeatureExtractorPrecisionTest {

    @Test
    void halfPrecisionFeaturesStayCloseToFloat32AndAProbeLearnsAsWell() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            SyntheticSource source = new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(24), 64, 5);
            FeatureSet fp32 = extract(encoder, source, Precision.FP32);
            FeatureSet fp16 = extract(encoder, source, Precision.FP16);

            double scale = maxAbs(fp32.features());
            double fp16Error = maxDifference(fp32.features(), fp16.features());
            // fp16 keeps 11 significant bits: relative rounding 2^-11 per operation, a few per mille after a network
            assertTrue(fp16Error > 0, "fp16 features must differ from fp32: the cast happened");
            assertTrue(fp16Error < 0.02 * scale, "fp16 error " + fp16Error + " vs feature scale " + scale);

            LinearProbe probe = LinearProbe.builder().optFolds(3).optInnerFolds(2).optCGrid(1).build();
            double accuracy32 = probe.crossValidate(perImageGroups(fp32), 7).mean(Metric.ACCURACY);
            double accuracy16 = probe.crossValidate(perImageGroups(fp16), 7).mean(Metric.ACCURACY);
            System.out.printf(Locale.ROOT, "precision: feature scale %.4f, max |fp16 - fp32| %.6f (%.3f%%);"
                    + " probe accuracy fp32 %.4f, fp16 %.4f%n", scale, fp16Error, 100 * fp16Error / scale,
                    accuracy32, accuracy16);
            assertTrue(Math.abs(accuracy32 - accuracy16) <= 0.05, accuracy32 + " vs " + accuracy16);
        }
    }

    @Test
    void bf16IsRefusedWithOneLineInsteadOfAbortingTheProcess() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeatureExtractor.builder().setEncoder(encoder).optPrecision(Precision.BF16).build());
            assertTrue(e.getMessage().startsWith("optPrecision(bf16): bf16 is not available"), e.getMessage());
        }
    }

    @Test
    void theCacheRecordsThePrecisionAndFloat32KeepsItsOldProvenance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Encoders.create("nic").initialize(manager);
            SyntheticSource source = new SyntheticSource(SyntheticPool.TARGETS.getFirst().withImagesPerClass(2), 64, 5);
            CacheProvenance fp32 = FeatureExtractor.builder().setEncoder(encoder).build().provenance(source, "t");
            CacheProvenance fp16 = FeatureExtractor.builder().setEncoder(encoder).optPrecision(Precision.FP16).build()
                    .provenance(source, "t");

            assertNotEquals(fp32, fp16, "an fp16 cache is stale for an fp32 extraction and back");
            assertTrue(fp16.normalisation().endsWith(";precision=fp16"), fp16.normalisation());
            assertTrue(fp32.normalisation().endsWith(";tta=NONE"), "fp32 caches written before stay fresh");
            assertEquals(fp32.weightsHash(), fp16.weightsHash(), "the encoder's own weights are not cast");
        }
    }

    private static FeatureSet extract(Encoder encoder, SyntheticSource source, Precision precision) {
        return FeatureExtractor.builder().setEncoder(encoder).optBatchSize(16).optThreads(2).optPrecision(precision)
                .build().extract(source, n -> { });
    }

    /** The synthetic target's images come from two groups; the probe here needs more, so each image is its own. */
    private static FeatureSet perImageGroups(FeatureSet f) {
        String[] groups = new String[f.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = "image" + i;
        }
        return new FeatureSet(f.task(), f.classNames(), f.features(), f.labels(), groups, f.paths());
    }

    private static double maxAbs(float[][] rows) {
        double max = 0;
        for (float[] row : rows) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                assertTrue(Float.isFinite(b[i][j]), "finite feature");
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}

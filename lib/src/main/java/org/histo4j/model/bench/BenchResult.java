package org.histo4j.model.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed of one configuration on one engine: images per second and the GFLOP/s they imply
 * ({@code imagesPerSecond x flopsPerImage / 1e9}, FLOPs counted as in {@link FlopCount}, times
 * {@link BenchMode#flopMultiplier()}).
 *
 * @param engine {@code histo4j} or {@code PyTorch}
 * @param warmupSteps the untimed steps run before timing
 */
public record BenchResult(String engine, BenchMode mode, String architecture, int size, int batch, int threads,
                          int warmupSteps, double imagesPerSecond, double gflopsPerSecond) {

    /**
     * A result from a timing: {@code images} processed in {@code seconds} after {@code warmupSteps}, each image
     * costing {@code flopsPerImage}.
     */
    public static BenchResult of(String engine, BenchConfig config, int size, int warmupSteps, long images,
                                 double seconds, long flopsPerImage) {
        double perSecond = images / seconds;
        return new BenchResult(engine, config.mode(), config.architecture(), size, config.batch(), config.threads(),
                warmupSteps, perSecond, perSecond * flopsPerImage / 1e9);
    }

    /**
     * The fastest result of each engine and size among repeated runs (best of n: on a shared machine other
     * processes only ever slow a run down), in order of first appearance.
     */
    public static List<BenchResult> bestPerSize(List<BenchResult> results) {
        Map<String, BenchResult> best = new LinkedHashMap<>();
        for (BenchResult result : results) {
            best.merge(result.engine() + "@" + result.size(), result,
                    (a, b) -> Comparator.comparingDouble(BenchResult::imagesPerSecond).compare(a, b) >= 0 ? a : b);
        }
        return new ArrayList<>(best.values());
    }
}

package org.histo4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.TilingOptions;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j bench stain COHORT.csv --encoder E}: what Macenko normalisation adds to {@code slide encode}. One
 * process, one loaded encoder, three arms encoding the same cohort into fresh folders: no normalisation, Macenko
 * estimated on each tile ({@code --stain macenko:REF}) and Macenko fitted once per slide ({@code macenko:slide}), both
 * mapped to {@link MacenkoNormalizer#STANDARD}. The arms are interleaved {@code --repeats} times after one untimed
 * warm-up round, so that a change of machine load hits them alike; each arm's median wall time and median process
 * CPU time are printed with the overhead over no normalisation, {@code median(arm) / median(none) - 1}. On a shared
 * machine the CPU time is the steadier of the two; the load average before and after is printed beside them.
 */
@Command(name = "stain", mixinStandardHelpOptions = true,
        description = "Wall and CPU time of slide encode with --stain none vs macenko per tile vs macenko:slide,"
                + " interleaved in one run, and the overhead of each.")
final class BenchStainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COHORT_CSV", description = "a cohort manifest (slide cohort writes one)")
    Path cohort;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    TilingOptions tiling;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "tiles per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "timed rounds of the three arms, interleaved (default: ${DEFAULT-VALUE})")
    int repeats;

    private static final List<String> ARMS = List.of("none", "macenko per tile", "macenko:slide");

    @Override
    public Integer call() throws IOException {
        tiling.validate();
        if (batch < 1 || repeats < 1) {
            throw new ParameterException(spec.commandLine(), "--batch and --repeats must be >= 1, got " + batch
                    + " and " + repeats);
        }
        EncoderSpec encoderSpec = encoderOptions.single();
        List<SlideEntry> slides = SlideCohort.read(cohort);
        slides.forEach(s -> tiling.checkCalibration(s.path()));
        MacenkoNormalizer standard = MacenkoNormalizer.builder().optReference(MacenkoNormalizer.STANDARD).build();
        List<SlideStain> stains = List.of(SlideStain.NONE, SlideStain.of(standard),
                SlideStain.macenkoPerSlide(standard));
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("histo4j-bench-stain");
        String loadBefore = BenchCommand.loadAverage();
        double[][] wall = new double[ARMS.size()][repeats];
        double[][] cpu = new double[ARMS.size()][repeats];
        int tiles = 0;
        String encoderName;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Encoder encoder = encoderOptions.load(encoderSpec, manager);
            encoderName = encoder.name() + " at " + encoder.inputSize() + " px";
            List<SlideEncoder> encoders = new ArrayList<>();
            for (SlideStain stain : stains) {
                encoders.add(tiling.encoder().setEncoder(encoder).optBatchSize(batch).optDevice(Device.cpu())
                        .optSlideStain(stain).build());
            }
            for (int round = -1; round < repeats; round++) { // round -1 warms up the JIT and the engine
                for (int arm = 0; arm < ARMS.size(); arm++) {
                    Path folder = work.resolve("round" + round + "-arm" + arm);
                    double cpuStart = processCpuSeconds();
                    long start = System.nanoTime();
                    List<EncodedSlide> done = encoders.get(arm).encodeCohort(slides, folder,
                            SlideEncoder.Listener.NONE);
                    if (round >= 0) {
                        wall[arm][round] = (System.nanoTime() - start) / 1e9;
                        cpu[arm][round] = processCpuSeconds() - cpuStart;
                    }
                    tiles = done.stream().mapToInt(EncodedSlide::tiles).sum();
                }
            }
        }
        out.printf(Locale.ROOT, "%s, %d slides, %d tiles, %d rounds; load average (1 min) before / after: %s / %s%n",
                encoderName, slides.size(), tiles, repeats, loadBefore, BenchCommand.loadAverage());
        out.printf(Locale.ROOT, "%-18s %9s %9s %10s %9s %10s%n", "stain", "wall s", "tiles/s", "overhead", "cpu s",
                "overhead");
        double wallNone = median(wall[0]);
        double cpuNone = median(cpu[0]);
        for (int arm = 0; arm < ARMS.size(); arm++) {
            double w = median(wall[arm]);
            double c = median(cpu[arm]);
            out.printf(Locale.ROOT, "%-18s %9.2f %9.1f %9.1f%% %9.2f %9.1f%%%n", ARMS.get(arm), w, tiles / w,
                    100 * (w / wallNone - 1), c, 100 * (c / cpuNone - 1));
        }
        out.printf(Locale.ROOT, "(medians over %d rounds; bags in %s)%n", repeats, work);
        out.flush();
        return 0;
    }

    private static double processCpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

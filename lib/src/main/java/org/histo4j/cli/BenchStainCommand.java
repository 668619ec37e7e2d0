package org.histo4j.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.sun.management.OperatingSystemMXBean;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.model.Encoder;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j bench stain COHORT.csv --encoder E}: what Macenko normalisation adds to {@code slide encode}. One
 * process, one loaded encoder, three arms encoding the same cohort into fresh folders: no normalisation, Macenko
 * estimated on each tile ({@code --stain macenko:REF}) and Macenko fitted once per slide ({@code macenko:slide}), both
 * mapped to {@link MacenkoNormalizer#STANDARD}; {@code --method vahadane} times Vahadane's stain vectors instead. The
 * arms are interleaved {@code --repeats} times after one untimed warm-up round, so that a change of machine load hits
 * them alike; each arm's median wall time and median process CPU time are printed with the overhead over no
 * normalisation, {@code median(arm) / median(none) - 1}. On a shared machine the CPU time is the steadier of the two;
 * the load average before and after is printed beside them.
 *
 * <p>Since a few percent drown in that noise, the run also times the stain step alone on this thread (thread CPU
 * time, which other processes hardly change) on up to 32 tiles of the first slide, as the image path runs it (decode
 * and normalise in one step, less decoding alone): Macenko estimated per tile, the fixed-source transform of
 * {@code macenko:slide}, and one slide fit (the tissue pixels of the thumbnail that tissue
 * detection reads anyway, and their estimate); and prints each as a
 * share of the CPU time per tile of the {@code none} arm.
 */
@Command(name = "stain", mixinStandardHelpOptions = true,
        description = "Wall and CPU time of slide encode with --stain none vs macenko per tile vs macenko:slide"
                + " (or vahadane with --method vahadane), interleaved in one run, and the overhead of each.")
final class BenchStainCommand implements Callable<Integer>, EngineCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCohortOptions bench;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "timed rounds of the three arms, interleaved (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--method", paramLabel = "macenko|vahadane", defaultValue = "macenko",
            description = "how the stain vectors are found: macenko, or vahadane (sparse factorisation)"
                    + " (default: ${DEFAULT-VALUE})")
    String method;

    @Override
    public Integer call() throws IOException {
        Optional<MacenkoNormalizer.Estimation> estimation = MacenkoNormalizer.Estimation.byMethod(method);
        OptionChecks.of(spec).atLeast("--repeats", repeats, 1).check(estimation.isPresent(),
                "--method: expected macenko or vahadane, got '" + method + "'");
        List<String> arms = List.of("none", method + " per tile", method + ":slide");
        List<SlideEntry> slides = bench.slides();
        EncoderSpec encoderSpec = bench.encoderOptions.single();
        MacenkoNormalizer standard = MacenkoNormalizer.builder(estimation.get())
                .optReference(MacenkoNormalizer.STANDARD).build();
        List<SlideStain> stains = List.of(SlideStain.NONE, SlideStain.of(standard),
                SlideStain.macenkoPerSlide(standard));
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("histo4j-bench-stain");
        String loadBefore = BenchCommand.loadAverage();
        double[][] wall = new double[arms.size()][repeats];
        double[][] cpu = new double[arms.size()][repeats];
        int tiles = 0;
        String encoderName;
        StepCost step;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Encoder encoder = bench.encoderOptions.load(encoderSpec, manager);
            encoderName = encoder.name() + " at " + encoder.inputSize() + " px";
            List<SlideEncoder> encoders = new ArrayList<>();
            for (SlideStain stain : stains) {
                encoders.add(bench.tiling.encoder().setEncoder(encoder).optBatchSize(bench.batch)
                        .optDevice(Device.cpu()).optSlideStain(stain).build());
            }
            for (int round = -1; round < repeats; round++) { // round -1 warms up the JIT and the engine
                for (int arm = 0; arm < arms.size(); arm++) {
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
            step = stepCost(slides.getFirst(), encoders.getFirst(), standard);
        }
        out.printf(Locale.ROOT, "%s, %d slides, %d tiles, %d rounds; load average (1 min) before / after: %s / %s%n",
                encoderName, slides.size(), tiles, repeats, loadBefore, BenchCommand.loadAverage());
        out.printf(Locale.ROOT, "%-18s %9s %9s %10s %9s %10s%n", "stain", "wall s", "tiles/s", "overhead", "cpu s",
                "overhead");
        double wallNone = median(wall[0]);
        double cpuNone = median(cpu[0]);
        for (int arm = 0; arm < arms.size(); arm++) {
            double w = median(wall[arm]);
            double c = median(cpu[arm]);
            out.printf(Locale.ROOT, "%-18s %9.2f %9.1f %9.1f%% %9.2f %9.1f%%%n", arms.get(arm), w, tiles / w,
                    100 * (w / wallNone - 1), c, 100 * (c / cpuNone - 1));
        }
        out.printf(Locale.ROOT, "(medians over %d rounds; bags in %s)%n", repeats, work);
        double perTile = 1000 * cpuNone / tiles;
        out.printf(Locale.ROOT, "stain step alone on %d tiles of %s (thread CPU, beyond decoding): %s per tile"
                + " %.2f ms/tile"
                + " (%.1f%% of encode's %.1f ms/tile), fixed source %.2f ms/tile (%.1f%%), slide fit %.1f ms/slide%n",
                step.tiles(), slides.getFirst().slideId(), method, step.perTile(), 100 * step.perTile() / perTile,
                perTile,
                step.fixedSource(), 100 * step.fixedSource() / perTile, step.slideFit());
        out.flush();
        return 0;
    }

    /**
     * Thread-CPU milliseconds per tile of the stain step as the image path runs it (decode and normalise in one step,
     * less decoding alone; the best of {@value #STEP_PASSES} passes): estimated per tile, with a fixed source; and
     * per slide, the fit.
     */
    private record StepCost(int tiles, double perTile, double fixedSource, double slideFit) {}

    private static final int STEP_PASSES = 10;

    private static StepCost stepCost(SlideEntry entry, SlideEncoder encoder, MacenkoNormalizer standard) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<BufferedImage> images = new ArrayList<>();
        try (SlideReader slide = SlideReader.open(entry.path()); TileReader reader = new TileReader(slide, 1)) {
            List<Tile> tiles = encoder.grid(slide).tiles();
            for (Tile tile : tiles.subList(0, Math.min(32, tiles.size()))) {
                images.add(reader.read(tile));
            }
            TissueDetector detector = TissueDetector.create();
            SlideStain perSlide = SlideStain.macenkoPerSlide(standard);
            BufferedImage thumbnail = slide.thumbnail(detector.thumbnailSize()); // read for tissue detection anyway
            TissueMask mask = detector.detect(thumbnail, slide.levelWidth(0), slide.levelHeight(0));
            perSlide.fit(thumbnail, mask); // warm-up
            long start = threads.getCurrentThreadCpuTime();
            SlideStain.Fitted fitted = perSlide.fit(thumbnail, mask);
            double fit = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            List<org.histo4j.data.image.StainNormalizer> steps = List.of(org.histo4j.data.image.StainNormalizer.NONE,
                    standard, fitted);
            double[] ms = new double[steps.size()];
            for (int k = 0; k < steps.size(); k++) {
                var step = steps.get(k);
                images.forEach(step::apply); // warm-up
                // the best pass: a pass that a GC or page faults hit read up to 1.8x (0.72 against 0.40 ms per tile)
                ms[k] = Double.MAX_VALUE;
                for (int r = 0; r < STEP_PASSES; r++) {
                    long begin = threads.getCurrentThreadCpuTime();
                    images.forEach(step::apply);
                    ms[k] = Math.min(ms[k], (threads.getCurrentThreadCpuTime() - begin) / 1e6 / images.size());
                }
            }
            return new StepCost(images.size(), ms[1] - ms[0], ms[2] - ms[0], fit);
        }
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

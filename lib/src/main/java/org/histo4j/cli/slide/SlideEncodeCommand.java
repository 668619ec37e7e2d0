package org.histo4j.cli.slide;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.ConfigFile;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.StainOptions;
import org.histo4j.cli.options.PrecisionOptions;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.cli.options.SparkOptions;
import org.histo4j.cli.options.TilingOptions;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideCohort;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slide encode (SLIDE|COHORT_CSV) --encoder E --tile-size 256 --mpp 0.5 --out DIR}: bags of features. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode a slide or every slide of a cohort.csv into HDF5 bags (features + coords) and bags.csv;"
                + " fresh bags are skipped.")
final class SlideEncodeCommand implements Callable<Integer>, EngineCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SLIDE|COHORT_CSV", description = "a slide file or a cohort manifest (.csv)")
    Path input;

    @Mixin
    EncoderOptions encoderOptions;

    @Mixin
    TilingOptions tiling;

    @Mixin
    DeviceOptions deviceOptions;

    @Mixin
    StainOptions stainOptions;

    @Mixin
    SparkOptions spark;

    @Mixin
    PrecisionOptions precisionOptions;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "tiles per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "bags folder (bags.csv, one .h5 per slide, config.json; fresh bags are kept)")
    Path out;

    /** Encodes the slides. */
    @Override
    public Integer call() throws IOException {
        tiling.validate();
        OptionChecks.of(spec).atLeast("--batch", batch, 1);
        EncoderSpec encoderSpec = encoderOptions.single();
        OutputOptions.refusePlainFile(out);
        Devices devices = deviceOptions.devices();
        precisionOptions.precision();
        boolean cohort = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        if (cohort && tiling.hasAnnotations()) {
            throw new ParameterException(spec.commandLine(), "--annotations draws on one slide: give a slide file,"
                    + " not a cohort manifest");
        }
        List<SlideEntry> slides = cohort ? SlideCohort.read(input) : List.of(single(input));
        slides.forEach(s -> tiling.checkCalibration(s.path()));
        if (spark.enabled()) { // executors rebuild this command's slide encoder from the job
            SparkRunner runner = spark.runner();
            Files.createDirectories(out);
            Map<String, Object> config = config(encoderSpec, devices, slides.size());
            config.putAll(spark.describe());
            ConfigFile.write(out, config);
            return runner.encodeSlides(spark.slideJob(slides, out, encoderOptions, encoderSpec, devices.first(),
                    stainOptions.slideStain(), tiling, batch), spec.commandLine().getOut());
        }
        try (NDManager manager = NDManager.newBaseManager(devices.first())) {
            Encoder encoder = encoderOptions.load(encoderSpec, manager);
            SlideEncoder slideEncoder = tiling.encoder().setEncoder(encoder).optBatchSize(batch)
                    .optSlideStain(stainOptions.slideStain())
                    .optDevices(devices).optPrecision(precisionOptions.precision()).build();
            Files.createDirectories(out);
            ConfigFile.write(out, config(encoderSpec, devices, slides.size()));
            PrintWriter printer = spec.commandLine().getOut();
            long start = System.nanoTime();
            List<EncodedSlide> done = slideEncoder.encodeCohort(slides, out, new SlideProgress(printer));
            printer.printf(Locale.ROOT, "%d slides (%d skipped as fresh), %d tiles, encoder %s on %s, in %.1f s: %s%n",
                    done.size(), done.stream().filter(EncodedSlide::skipped).count(),
                    done.stream().mapToInt(EncodedSlide::tiles).sum(), encoder.name(), devices,
                    (System.nanoTime() - start) / 1e9, out.resolve(SlideEncoder.BAGS_MANIFEST));
            printer.flush();
        }
        return 0;
    }

    private Map<String, Object> config(EncoderSpec encoderSpec, Devices devices, int slideCount) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "slide encode");
        config.put("input", input.toAbsolutePath().toString());
        config.put("slides", slideCount);
        config.put("encoder", encoderSpec.toString());
        config.put("tiling", tiling.describe());
        config.put("batch", batch);
        config.put("stain", stainOptions.describe());
        config.put("device", devices.toString());
        config.put("precision", precisionOptions.precision().toString());
        return config;
    }

    private static SlideEntry single(Path slide) {
        if (!Files.isRegularFile(slide)) {
            throw new Histo4jException("slide not found: " + slide);
        }
        return SlideEntry.of(slide);
    }
}

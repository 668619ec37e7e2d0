package org.histo4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.ConfigFile;
import org.histo4j.cli.options.DeviceOptions;
import org.histo4j.cli.options.GroupCommand;
import org.histo4j.cli.options.StainOptions;
import org.histo4j.cli.options.EncoderOptions;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.cli.options.SparkOptions;
import org.histo4j.cli.options.PrecisionOptions;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.Precision;
import org.histo4j.transfer.CacheProvenance;
import org.histo4j.transfer.FeatureCache;
import org.histo4j.transfer.FeatureExtractor;
import org.histo4j.transfer.FeatureSet;
import org.histo4j.transfer.spec.EncoderSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code histo4j features}: extract frozen features into an HDF5 file. */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Extract frozen encoder features.",
        subcommands = {FeaturesCommand.Extract.class})
public final class FeaturesCommand extends GroupCommand {

    /** Creates the command; picocli fills its subcommands. */
    public FeaturesCommand() {
        // subcommands are injected by picocli
    }

    /**
     * {@code features extract}: an HDF5 feature cache (datasets {@code features}, {@code labels}, {@code groups},
     * {@code paths}, in DATA order, with provenance; see {@link FeatureCache}).
     */
    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = "Encode every image of DATA; write features, labels, groups and paths (DATA order) to HDF5.")
    static final class Extract implements Callable<Integer>, EngineCommand {

        @Spec
        CommandSpec spec;

        @Mixin
        TransferCommand.Inputs inputs;

        @Mixin
        EncoderOptions encoderOptions;

        @Mixin
        DeviceOptions deviceOptions;

        @Mixin
        StainOptions stainOptions;

        @Mixin
        SparkOptions spark;

        @Mixin
        PrecisionOptions precisionOptions;

        @Option(names = "--truncate", paramLabel = "K", description = "cut the encoder after its K-th block")
        Integer truncate;

        @Option(names = "--batch", defaultValue = "64", description = "images per forward pass (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "output file (must not exist); the resolved options go to FILE.config.json")
        Path out;

        /** Extracts and writes the features. */
        @Override
        public Integer call() throws IOException {
            OptionChecks.of(spec).atLeast("--batch", batch, 1);
            EncoderSpec encoderSpec = encoderOptions.specs(1, truncate).getFirst();
            Devices devices = deviceOptions.devices();
            Precision precision = precisionOptions.precision();
            if (Files.exists(out)) {
                throw new Histo4jException("output file " + out + " already exists; choose another --out");
            }
            if (spark.enabled()) { // executors rebuild this command's feature extractor from the job
                return spark.runner().extractFeatures(spark.featureJob(inputs.data, inputs.root, encoderOptions,
                        encoderSpec, devices.first(), stainOptions.normalizer(), batch, out), spec.commandLine().getOut());
            }
            try (ImageSource source = inputs.open(); NDManager manager = NDManager.newBaseManager(devices.first())) {
                Encoder model = encoderOptions.load(encoderSpec, manager);
                try {
                    FeatureExtractor extractor = FeatureExtractor.builder().setEncoder(model).optBatchSize(batch)
                            .optStainNormalizer(stainOptions.normalizer())
                            .optDevices(devices).optPrecision(precision).build();
                    CacheProvenance provenance = extractor.provenance(source, inputs.dataSpec().description());
                    FeatureSet features = extractor.extract(source, n -> { });
                    FeatureCache.write(out, features, provenance);
                    Map<String, Object> config = new LinkedHashMap<>();
                    config.put("command", "features extract");
                    config.put("data", inputs.data);
                    config.put("encoder", encoderSpec.toString());
                    config.put("batch", batch);
                    config.put("device", devices.toString());
                    config.put("images", features.size());
                    config.put("features", features.dimension());
                    config.put("output", out.getFileName().toString());
                    ConfigFile.writeBeside(out, config);
                    PrintWriter printer = spec.commandLine().getOut();
                    printer.println(features.size() + " images x " + features.dimension() + " features of "
                            + encoderSpec.label() + " on " + devices + " in " + precision + " written to " + out.toAbsolutePath());
                    printer.flush();
                } finally {
                    model.close();
                }
            }
            return 0;
        }
    }
}

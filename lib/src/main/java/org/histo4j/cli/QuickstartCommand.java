package org.histo4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.histo4j.Histo4jException;
import org.histo4j.Version;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.cli.quickstart.EnvironmentStage;
import org.histo4j.cli.quickstart.PoolStage;
import org.histo4j.cli.quickstart.PretrainStage;
import org.histo4j.cli.quickstart.SlideStage;
import org.histo4j.cli.quickstart.TransferStage;
import org.histo4j.cli.quickstart.Stage;
import org.histo4j.model.Devices;
import org.histo4j.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code histo4j quickstart}: the main job. Runs the study on the synthetic default, stage by stage, into one
 * run directory with its resolved configuration ({@code config.json}) and a self-contained {@code report.html}.
 * Each stage marks itself done, so {@code --resume} continues an interrupted run where it stopped. As each stage
 * ends, its headline result is printed (pool size, pre-training, the transfer table, slide AUC), then the report's
 * path.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Run the whole study on synthetic data: environment, task pool, pre-training, transfer, slides.")
final class QuickstartCommand implements Callable<Integer>, EngineCommand {

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "quickstart");

    @Option(names = "--resume", description = "Continue an existing run directory, skipping the stages it finished.")
    boolean resume;

    @Option(names = "--seed", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Override
    public Integer call() throws IOException {
        prepareRunDirectory();
        writeConfig();
        HtmlReport report = HtmlReport.create("histo4j quickstart");
        for (Stage stage : stages()) {
            Path dir = out.resolve(stage.name());
            Path done = dir.resolve(".done");
            if (Files.exists(done)) {
                System.err.println("stage " + stage.name() + ": already done, reusing its results");
            } else {
                System.err.println("stage " + stage.name() + " ...");
            }
            Files.createDirectories(dir);
            long started = System.nanoTime();
            String headline = stage.run(new Stage.Context(dir, out, seed, Paths.repository()), report);
            Files.writeString(done, String.format(Locale.ROOT, "%.1f s%n", (System.nanoTime() - started) / 1e9));
            System.out.println(indent(headline));
            System.out.flush();
        }
        Path page = report.write(out.resolve("report.html"));
        System.out.println("quickstart done; report: " + page.toAbsolutePath());
        return 0;
    }

    /** A stage's headline, each line indented under the stage's name. */
    static String indent(String headline) {
        return headline.lines().map(line -> "  " + line).collect(java.util.stream.Collectors.joining("\n"));
    }

    static List<Stage> stages() {
        return List.of(new EnvironmentStage(), new PoolStage(), new PretrainStage(), new TransferStage(),
                new SlideStage());
    }

    private void prepareRunDirectory() throws IOException {
        OutputOptions.refusePlainFile(out);
        if (Files.exists(out) && !resume) {
            throw new Histo4jException("run directory " + out + " already exists: pass --resume to continue it, "
                    + "or --out to start another");
        }
        if (!Files.exists(out) && resume) {
            throw new Histo4jException("nothing to resume: " + out + " does not exist");
        }
        Files.createDirectories(out);
    }

    private void writeConfig() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("job", "quickstart");
        config.put("histo4j", Version.histo4j());
        config.put("seed", seed);
        config.put("device", Devices.auto().toString());
        config.put("stages", stages().stream().map(Stage::name).toList());
        Path file = out.resolve("config.json");
        if (resume && Files.exists(file)) {
            Map<?, ?> previous = new ObjectMapper().readValue(file.toFile(), Map.class);
            if (!String.valueOf(previous.get("seed")).equals(Long.toString(seed))) {
                throw new Histo4jException("cannot resume " + out + " with --seed " + seed + ": it was started with "
                        + previous.get("seed"));
            }
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), config);
    }
}

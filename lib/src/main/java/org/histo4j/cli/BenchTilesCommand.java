package org.histo4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.histo4j.Folders;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.OptionChecks;
import org.histo4j.slide.openslide.SlideBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j bench tiles SLIDE}: tiles per second read through histo4j's OpenSlide binding beside the same
 * loop in C over libopenslide (compiled with gcc on the spot), and their ratio (goal: at least 0.9).
 */
@Command(name = "tiles", mixinStandardHelpOptions = true,
        description = "Tiles/s read through the Java OpenSlide binding vs a plain C loop over libopenslide.")
final class BenchTilesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SLIDE", description = "A slide OpenSlide can open.")
    Path slide;

    @Option(names = "--tile-size", defaultValue = "256", description = "Tile size in level-0 pixels (default: ${DEFAULT-VALUE}).")
    int tileSize;

    @Option(names = "--count", defaultValue = "2000", description = "Tiles read per run (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--threads", defaultValue = "1", description = "Reading threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OptionChecks.of(spec).check(tileSize >= 1 && count >= 1 && threads >= 1, "--tile-size, --count and "
                + "--threads must be >= 1, got " + tileSize + ", " + count + ", " + threads);
        if (!Files.isRegularFile(slide)) {
            throw new Histo4jException("slide not found: " + slide);
        }
        Path work = Files.createTempDirectory("histo4j-bench-tiles");
        SlideBenchmark.Result result;
        try {
            result = SlideBenchmark.compare(slide, tileSize, count, threads, work);
        } finally {
            Folders.deleteTree(work);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-10s %12s%n", "reader", "tiles/s");
        out.printf(Locale.ROOT, "%-10s %12.0f%n", "histo4j", result.javaTilesPerSecond());
        out.printf(Locale.ROOT, "%-10s %12.0f%n", "C", result.cTilesPerSecond());
        out.printf(Locale.ROOT, "ratio %.3f (goal >= 0.9); %d tiles of %d px, %d thread(s), %s%n", result.ratio(),
                count, tileSize, threads, slide.getFileName());
        out.flush();
        return 0;
    }
}

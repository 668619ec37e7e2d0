package org.histo4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.histo4j.report.NotebookRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code histo4j notebooks}: runs the project's notebooks headless. */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = "Work with the notebooks of notebooks/.",
        subcommands = NotebooksCommand.Run.class)
final class NotebooksCommand {

    /** {@code histo4j notebooks run [NAMES] [--out DIR]}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Execute notebooks in order under the histo4j kernel; write signed executed copies and HTML.")
    static final class Run implements Callable<Integer> {

        @Parameters(arity = "0..*", paramLabel = "NAMES",
                description = "Notebooks to run: file name, name without .ipynb, or number (00). Default: all.")
        List<String> names;

        @Option(names = "--dir", paramLabel = "DIR", description = "Notebook folder (default: ${DEFAULT-VALUE}).")
        Path dir = Paths.repository().resolve("notebooks");

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("notebooks-out");

        @Option(names = "--cell-timeout", paramLabel = "SECONDS", description = "Time limit per cell (default: ${DEFAULT-VALUE}).")
        int cellTimeout = 1800;

        @Override
        public Integer call() {
            NotebookRunner runner = NotebookRunner.of(dir, out).withCellTimeout(cellTimeout);
            runner.run(runner.select(names));
            return 0;
        }
    }
}

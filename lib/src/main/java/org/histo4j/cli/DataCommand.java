package org.histo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.GroupCommand;
import org.histo4j.data.DatasetManifest;
import org.histo4j.data.Layout;
import org.histo4j.data.source.ManifestChecker;
import org.histo4j.data.Manifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code histo4j data ...}: check local copies of datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Check local copies of datasets.",
        subcommands = {DataCommand.Check.class})
public final class DataCommand extends GroupCommand {

    /** Creates the command; picocli fills its subcommands. */
    public DataCommand() {
        // subcommands are injected by picocli
    }

    /** {@code data check MANIFEST --root DIR}: exit 0 if the copy matches, 1 with every problem listed if not. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a local copy against its manifest: classes, counts, unreadable images.")
    public static final class Check implements Callable<Integer> {

        /** Creates the subcommand; picocli fills its options. */
        public Check() {
            // options are injected by picocli
        }

        @Parameters(index = "0", paramLabel = "MANIFEST", description = "a dataset manifest (JSON)")
        Path manifest;

        @Option(names = "--root", paramLabel = "DIR", description = "the local copy (not needed for synthetic data)")
        Path root;

        @Spec
        CommandSpec spec;

        /** Prints the report. */
        @Override
        public Integer call() {
            DatasetManifest dataset = Manifests.readDataset(manifest);
            if (root == null && dataset.layout() != Layout.SYNTHETIC) {
                throw new ParameterException(spec.commandLine(), "--root DIR is required for " + dataset.name()
                        + " (layout " + dataset.layout().jsonName() + ")");
            }
            ManifestChecker.Report report = ManifestChecker.check(dataset, root);
            System.out.println(report);
            return report.ok() ? 0 : 1;
        }
    }
}

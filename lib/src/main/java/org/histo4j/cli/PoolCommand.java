package org.histo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.histo4j.cli.options.GroupCommand;
import org.histo4j.data.Manifests;
import org.histo4j.data.ResolvedPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code histo4j pool ...}: look at pools of tasks. */
@Command(name = "pool", mixinStandardHelpOptions = true, description = "Look at pools of tasks.",
        subcommands = {PoolCommand.Describe.class})
public final class PoolCommand extends GroupCommand {

    /** Creates the command; picocli fills its subcommands. */
    public PoolCommand() {
        // subcommands are injected by picocli
    }

    /** {@code pool describe POOL_MANIFEST}: a table of the pool's tasks and targets, with totals. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Print the tasks of a pool manifest (and its held-out targets) with totals.")
    public static final class Describe implements Callable<Integer> {

        /** Creates the subcommand; picocli fills its parameters. */
        public Describe() {
            // parameters are injected by picocli
        }

        @Parameters(index = "0", paramLabel = "POOL_MANIFEST", description = "a pool manifest (JSON)")
        Path manifest;

        /** Prints the table. */
        @Override
        public Integer call() {
            ResolvedPool pool = Manifests.resolvePool(manifest);
            System.out.println(pool.pool().name() + ": " + pool.pool().description());
            System.out.println(pool.describe().printAll());
            long images = pool.imageCount();
            System.out.println(pool.tasks().size() + " tasks, " + pool.classCount() + " classes, "
                    + (images < 0 ? Manifests.UNKNOWN : images) + " images; " + pool.targets().size()
                    + " held-out target(s)");
            return 0;
        }
    }
}

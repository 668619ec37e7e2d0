package org.histo4j.cli;

import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.Version;
import org.histo4j.cli.options.EngineCommand;
import org.histo4j.cli.slide.SlideCommand;
import org.histo4j.model.TorchLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code histo4j} command: one subcommand per job. Exit codes: 0 on success, 2 on bad usage,
 * 1 on a failed run; bad input is reported as one line, never as a stack trace (unless {@code --debug}).
 */
@Command(
        name = "histo4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Multi-task pre-training, transfer evaluation and slide-level learning for digital pathology.",
        subcommands = {
            QuickstartCommand.class,
            EnvCommand.class,
            PoolCommand.class,
            DataCommand.class,
            PretrainCommand.class,
            TransferCommand.class,
            FeaturesCommand.class,
            SlideCommand.class,
            BenchCommand.class,
            NotebooksCommand.class,
        })
public final class Main implements Runnable {

    /** Exit code of a run that failed (bad input found while running, or an error). */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a command line that does not parse. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine commandLine = configure(new CommandLine(new Main()));
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        commandLine.setParameterExceptionHandler(Main::reportUsage);
        commandLine.setExecutionStrategy(parsed -> {
            if (!debug(parsed) && !helpRequested(parsed) && computes(parsed)) {
                TorchLog.hideWarnings(); // libtorch's native warnings reach the terminal only with --debug
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine.execute(args);
    }

    /** The parser settings every histo4j command line uses: enum values in any case ({@code --model ABMIL}). */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Whether {@code --debug} was given at any level, e.g. {@code histo4j features extract --debug ...}. */
    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the command to run computes with the engine ({@link EngineCommand}): only then is libtorch loaded. */
    static boolean computes(CommandLine.ParseResult parsed) {
        return parsed.asCommandLineList().getLast().getCommand() instanceof EngineCommand;
    }

    private static boolean helpRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        if (debug(parsed)) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(e, debug(parsed)));
        return e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILED;
    }

    /** Bad usage: one line naming the command and what is wrong, and where to read the usage; exit 2. */
    private static int reportUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        if (e.getCause() != null && List.of(args).contains("--debug")) {
            e.printStackTrace(command.getErr());
        }
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + e.getMessage().lines().findFirst().orElse("") + " (see " + name
                + " --help)");
        return EXIT_USAGE;
    }

    /** The message a user sees when {@code --debug} was not given (see {@link #oneLine(Throwable, boolean)}). */
    static String oneLine(Throwable e) {
        return oneLine(e, false);
    }

    /**
     * The message a user sees: ours as is; a file-system or argument failure by its reason (never Java's class
     * name); anything unexpected with its type; a pointer to {@code --debug} unless it was given.
     */
    static String oneLine(Throwable e, boolean debug) {
        if (e instanceof Histo4jException || e instanceof CommandLine.ParameterException) {
            return e.getMessage();
        }
        String hint = debug ? "" : " (run with --debug for details)";
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
            return Histo4jException.reason(e) + hint;
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message + hint;
    }

    /** Reports the versions histo4j was built with. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "histo4j " + Version.histo4j(),
                "DJL " + Version.djl() + ", libtorch " + Version.libtorch() + ", plotly.js " + Version.plotly(),
                "Java " + Runtime.version()
            };
        }
    }
}

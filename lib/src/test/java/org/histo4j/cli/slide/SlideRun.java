package org.histo4j.cli.slide;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReference;
import org.histo4j.cli.Main;
import picocli.CommandLine;

/**
 * One run of {@code histo4j slide ...} in the test's JVM: its exit code, standard output and the exception it ended
 * with (null if none); a usage error exits 2 and leaves the exception null, as picocli handles it.
 */
record SlideRun(int exit, String out, Exception error) {

    static SlideRun of(String... args) {
        StringWriter out = new StringWriter();
        AtomicReference<Exception> error = new AtomicReference<>();
        CommandLine cli = Main.configure(new CommandLine(new SlideCommand()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            error.set(e);
            return 1;
        });
        int exit = cli.execute(args);
        return new SlideRun(exit, out.toString(), error.get());
    }
}

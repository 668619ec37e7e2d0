package org.histo4j.cli;

import java.util.concurrent.Callable;
import org.histo4j.report.EnvironmentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code histo4j env}: prints what histo4j finds on this machine. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print the JDK, the DJL engine and its devices, threads, and whether OpenSlide and Jupyter are usable.")
final class EnvCommand implements Callable<Integer> {

    @Option(names = "--no-jupyter", description = "Skip the Jupyter check (it starts Python).")
    boolean noJupyter;

    @Override
    public Integer call() {
        for (EnvironmentReport.Item item : EnvironmentReport.collect(!noJupyter)) {
            System.out.printf("%-15s %s%n", item.name(), item.value());
        }
        return 0;
    }
}

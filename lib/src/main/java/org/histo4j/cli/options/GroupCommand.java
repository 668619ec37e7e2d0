package org.histo4j.cli.options;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code data}, {@code pool}, {@code transfer}, {@code slide} ...): run
 * alone, it is a usage error naming its subcommands, as every bad usage is (one line, exit 2).
 */
public abstract class GroupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** For subclasses; picocli fills the spec. */
    protected GroupCommand() {
        // the spec is injected by picocli
    }

    /** Without a subcommand: a usage error naming the subcommands. */
    @Override
    public Integer call() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        String last = names.removeLast();
        throw new ParameterException(spec.commandLine(), "missing subcommand: "
                + (names.isEmpty() ? last : String.join(", ", names) + " or " + last));
    }
}

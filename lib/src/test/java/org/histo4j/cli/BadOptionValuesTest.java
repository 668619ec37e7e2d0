package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.histo4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 14, items 7, 9, 10, 11 and 13: a bad option value is bad usage (exit 2, one line naming the option and
 * the reason, nothing created); {@code --debug} is accepted after the subcommand and listed in every help; an
 * {@code --out} that is a plain file is named as such.
 */
class BadOptionValuesTest {

    @TempDir
    static Path temp;

    private static final String OUT = "OUT";

    private static List<String> pretrain(String... bad) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--arch", "nic", "--steps", "1", "--tasks",
                "syn-tissue-types", "--images-per-class", "4"));
        args.addAll(List.of(bad));
        return args;
    }

    private static List<String> evaluate(String... bad) {
        List<String> args = new ArrayList<>(List.of("transfer", "evaluate", "--data", "synthetic:syn-tissue-types:2",
                "--encoder", "random:nic", "--mode", "linear,finetune", "--seeds", "1"));
        args.addAll(List.of(bad));
        return args;
    }

    private static List<String> tile(String... bad) {
        List<String> args = new ArrayList<>(List.of("slide", "tile",
                Fixtures.path("slides/CMU-1-Small-Region.svs").toString()));
        args.addAll(List.of(bad));
        return args;
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(pretrain("--workers", "0"), "--workers must be >= 1, got 0"),
                Arguments.of(pretrain("--batch", "0"), "--batch"),
                Arguments.of(pretrain("--lr", "NaN"), "--lr"),
                Arguments.of(pretrain("--lr", "Infinity"), "--lr"),
                Arguments.of(evaluate("--batch", "0"), "--batch must be >= 1, got 0"),
                Arguments.of(evaluate("--lr", "NaN"), "--lr must be positive, got NaN"),
                Arguments.of(evaluate("--epochs", "0"), "--epochs must be >= 1, got 0"),
                Arguments.of(evaluate("--folds", "1000"), "--folds 1000 is more than the "),
                Arguments.of(tile("--threads", "0"), "--threads must be >= 1, got 0"),
                Arguments.of(tile("--tile-size", "100000", "--mpp", "0.5"), "--tile-size 100000 at --mpp 0.5 is "
                        + "larger than slide "));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueIsOneUsageLineNamingTheOptionAndCreatesNothing(List<String> command, String expected) {
        Path out = temp.resolve("out-" + Math.abs(command.hashCode()));
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--out", out.toString()));

        MainTest.Outcome outcome = MainTest.run(args.toArray(String[]::new));

        assertEquals(Main.EXIT_USAGE, outcome.exit(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(expected), outcome.err());
        assertFalse(outcome.err().contains("Exception"), outcome.err());
        assertTrue(Files.notExists(out), "nothing is created: " + out);
    }

    static Stream<List<String>> commandsWithOut() {
        return Stream.of(pretrain(), evaluate(), tile(), List.of("transfer", "cka", "--data",
                "synthetic:syn-tissue-types:2", "--encoder", "random:nic"), List.of("quickstart"));
    }

    @ParameterizedTest
    @MethodSource("commandsWithOut")
    void anOutThatIsAPlainFileIsNamedAsSuch(List<String> command) throws Exception {
        Path file = Files.writeString(temp.resolve("plain-" + Math.abs(command.hashCode())), "keep me");
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--out", file.toString()));

        MainTest.Outcome outcome = MainTest.run(args.toArray(String[]::new));

        assertEquals(Main.EXIT_FAILED, outcome.exit(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(file.toString()) && outcome.err().contains("file, not a"), outcome.err());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void debugIsAcceptedAfterTheSubcommandAndListedInEveryHelp() {
        MainTest.Outcome outcome = MainTest.run("transfer", "evaluate", "--debug", "--data",
                "synthetic:syn-tissue-types:2", "--encoder", "random:nic", "--batch", "0", "--out",
                temp.resolve("debug").toString());
        assertEquals(Main.EXIT_USAGE, outcome.exit(), outcome.err());
        assertTrue(outcome.err().contains("--batch must be >= 1"), outcome.err());

        List<String> missing = new ArrayList<>();
        collectMissingDebug(Main.configure(new CommandLine(new Main())), missing);
        assertEquals(List.of(), missing, "subcommands whose help does not list --debug");
    }

    private static void collectMissingDebug(CommandLine command, List<String> missing) {
        if (!command.getUsageMessage(CommandLine.Help.Ansi.OFF).contains("--debug")) {
            missing.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().forEach(sub -> collectMissingDebug(sub, missing));
    }

    @Test
    void slideTilesProgressWritesNoAnsiCodesIntoALog() {
        MainTest.Outcome outcome = MainTest.run("slide", "tile", Fixtures.path("slides/CMU-1-Small-Region.svs")
                .toString(), "--tile-size", "128", "--mpp", "4", "--threads", "1", "--out",
                temp.resolve("tiles").toString());

        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.err().contains("tiles"), outcome.err());
        assertTrue(outcome.err().chars().noneMatch(c -> c == 0x1b || c == '\r'), outcome.err());
    }
}

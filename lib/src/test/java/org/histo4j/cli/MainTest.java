package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line contract: exit 0 / 2 / 1 and one clear line on bad input. */
class MainTest {

    /** What a run printed on standard error, and its exit code. */
    record Outcome(int exit, String err) {}

    static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(Main.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void versionAndHelpSucceed() {
        assertEquals(0, Main.execute("--version"));
        assertEquals(0, Main.execute("quickstart", "--help"));
        assertEquals(0, Main.execute("notebooks", "run", "--help"));
    }

    @Test
    void onlyCommandsThatComputeLoadTheEngine() {
        assertFalse(computes("pool", "describe", "pool.json"));
        assertFalse(computes("data", "check", "m.json", "--root", "d"));
        assertFalse(computes("slide", "info", "s.svs"));
        assertFalse(computes("notebooks", "run"));
        assertTrue(computes("transfer", "evaluate", "--data", "d", "--encoder", "nic", "--out", "o"));
        assertTrue(computes("pretrain", "--arch", "nic", "--steps", "1", "--out", "o"));
        assertTrue(computes("slide", "encode", "s.svs", "--encoder", "nic", "--out", "o"));
        // every command that takes --device computes, so it must say so
        List<CommandLine> commands = new java.util.ArrayList<>(List.of(Main.configure(new CommandLine(new Main()))));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            commands.addAll(command.getSubcommands().values());
            if (command.getCommandSpec().findOption("--device") != null) {
                assertTrue(command.getCommand() instanceof org.histo4j.cli.options.EngineCommand,
                        command.getCommandName());
            }
        }
    }

    private static boolean computes(String... args) {
        return Main.computes(Main.configure(new CommandLine(new Main())).parseArgs(args));
    }

    @Test
    void unknownSubcommandOrOptionIsBadUsage() {
        assertEquals(2, run("frobnicate").exit());
        assertEquals(2, run("env", "--no-such-option").exit());
        assertEquals(2, run().exit());
    }

    @Test
    void badUsageIsOneLineNamingTheOptionAndCreatesNothing(@TempDir Path dir) {
        Outcome mpp = run("slide", "tile", "x.svs", "--mpp", "0", "--out", dir.resolve("t").toString());
        Outcome slideMpp = run("slide", "encode", "x.svs", "--encoder", "random:nic", "--slide-mpp", "-1", "--out",
                dir.resolve("b").toString());
        Outcome cohort = run("slide", "cohort", "--lesion-fraction", "1.5", "--out", dir.resolve("c").toString());

        assertEquals(List.of(2, 2, 2), List.of(mpp.exit(), slideMpp.exit(), cohort.exit()));
        assertEquals("histo4j slide tile: --mpp must be positive, got 0.0 (see histo4j slide tile --help)",
                mpp.err().strip());
        assertEquals("histo4j slide encode: --slide-mpp must be positive, got -1.0 (see histo4j slide encode --help)",
                slideMpp.err().strip());
        assertTrue(cohort.err().startsWith("histo4j slide cohort: --lesion-fraction must be in [0, 1), got 1.5"),
                cohort.err());
        assertTrue(Files.notExists(dir.resolve("t")) && Files.notExists(dir.resolve("b"))
                && Files.notExists(dir.resolve("c")));
    }

    @Test
    void existingRunDirectoryIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));

        Outcome outcome = run("quickstart", "--out", dir.resolve("run").toString());

        assertEquals(1, outcome.exit());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains("already exists: pass --resume"), outcome.err());
    }

    @Test
    void unknownNotebookIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00-welcome.ipynb"), "{}");

        Outcome outcome = run("notebooks", "run", "42", "--dir", dir.toString());

        assertEquals(1, outcome.exit());
        assertTrue(outcome.err().startsWith("histo4j notebooks run: no notebook named '42'"), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
    }

    @Test
    void unexpectedErrorsPointToDebugOnlyWhenItWasNotGivenAndNeverNameJavasTypesForKnownKinds() {
        assertEquals("broken (run with --debug for details)",
                Main.oneLine(new IllegalStateException("broken\nsecond line")));
        assertEquals("broken", Main.oneLine(new IllegalArgumentException("broken"), true));
        assertEquals("permission denied (/x) (run with --debug for details)",
                Main.oneLine(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("NullPointerException: boom", Main.oneLine(new NullPointerException("boom"), true));
    }
}

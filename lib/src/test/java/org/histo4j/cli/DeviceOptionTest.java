package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --device} on every command that computes, and one line, exit 1, when the GPU asked for is not there. */
class DeviceOptionTest {

    /** The commands that compute with an engine (issue 10): each must take --device, and no other. */
    private static final Set<String> COMPUTE = Set.of("pretrain", "transfer evaluate", "transfer cka",
            "features extract", "slide encode", "slide train", "slide finetune", "slide heatmap", "bench train",
            "bench infer");

    @Test
    void everyComputeCommandAndOnlyTheseTakeDevice() {
        Set<String> withDevice = new TreeSet<>();
        List<String> all = new ArrayList<>();
        walk(new CommandLine(new Main()), withDevice, all);
        assertTrue(all.containsAll(COMPUTE), "commands in the tree: " + all);
        assertEquals(new TreeSet<>(COMPUTE), withDevice);
    }

    private static void walk(CommandLine line, Set<String> withDevice, List<String> all) {
        for (CommandLine sub : line.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^histo4j ", "");
            all.add(name);
            if (sub.getCommandSpec().findOption("--device") != null) {
                withDevice.add(name);
            }
            walk(sub, withDevice, all);
        }
    }

    @Test
    void anAbsentGpuStopsEveryComputeCommandInOneLineBeforeWritingAnything(@TempDir Path dir) {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() < 2, "this machine has a second GPU");
        String out = dir.resolve("out").toString();
        String missing = dir.resolve("missing").toString();
        List<String[]> lines = List.of(
                new String[] {"pretrain", "--arch", "nic", "--steps", "1", "--out", out},
                new String[] {"transfer", "evaluate", "--data", "synthetic:x", "--encoder", "random:nic", "--out", out},
                new String[] {"transfer", "cka", "--data", "synthetic:x", "--encoder", "random:nic", "--out", out},
                new String[] {"features", "extract", "--data", "synthetic:x", "--encoder", "random:nic", "--out", out},
                new String[] {"slide", "encode", missing, "--encoder", "random:nic", "--out", out},
                new String[] {"slide", "train", missing, "--out", out},
                new String[] {"slide", "finetune", missing, "--model", missing, "--top-k", "2", "--encoder",
                    "random:nic", "--out", out},
                new String[] {"slide", "heatmap", missing, "--bags", missing, "--model", missing, "--out", out},
                new String[] {"bench", "train", "--no-pytorch"},
                new String[] {"bench", "infer", "--no-pytorch"});
        for (String[] line : lines) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(line),
                    java.util.stream.Stream.of("--device", "gpu:1")).toArray(String[]::new);
            MainTest.Outcome outcome = MainTest.run(args);
            String command = String.join(" ", line).split(" --| /")[0];
            assertEquals(Main.EXIT_FAILED, outcome.exit(), command + ": " + outcome.err());
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
            assertTrue(outcome.err().contains(": --device gpu:1: this machine's PyTorch engine sees "), outcome.err());
            assertTrue(outcome.err().strip().endsWith("; run ./histo4j env"), outcome.err());
            assertFalse(Files.exists(dir.resolve("out")), command + " created its output");
        }
    }

    @Test
    void aMalformedDeviceIsBadUsage() {
        MainTest.Outcome outcome = MainTest.run("bench", "infer", "--no-pytorch", "--device", "tpu:0");
        assertEquals(Main.EXIT_USAGE, outcome.exit());
        assertTrue(outcome.err().contains("--device: 'tpu:0' is not a device: expected auto, cpu, gpu, gpu:N"),
                outcome.err());
    }
}

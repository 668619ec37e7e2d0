package org.histo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Fixtures;
import org.histo4j.model.bench.BenchTable;
import org.histo4j.model.bench.PyTorchBenchmarkTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code bench train|infer} on a tiny configuration without PyTorch (the table and its columns), and {@code bench tiles}. */
class BenchCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.configure(new CommandLine(new BenchCommand()));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return new Run(line.execute(args), out.toString(), err.toString());
    }

    private static List<String> cells(String row) {
        return List.of(row.substring(1, row.length() - 1).split("\\|")).stream().map(String::strip).toList();
    }

    @Test
    void trainPrintsTheSideBySideTable() {
        Run run = run("train", "--arch", "nic", "--size", "64", "--batch", "2", "--iterations", "1", "--warmup", "0",
                "--no-pytorch");

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf("| " + String.join(" | ", BenchTable.COLUMNS) + " |");
        assertTrue(header > 0, run.out());
        List<String> row = cells(lines.get(header + 2));
        assertEquals(BenchTable.COLUMNS.size(), row.size());
        assertEquals("64", row.get(0));
        assertEquals(List.of("-", "-"), List.of(row.get(2), row.get(3)));
        assertFalse(run.out().contains("reference"), "no figure from another machine is printed: " + run.out());
    }

    @Test
    void inferNicRunsBesidePyTorchAndKeepsTheBestRound() {
        Assumptions.assumeTrue(PyTorchBenchmarkTest.torchInstalled(), "Debian's python3-torch not installed");

        Run run = run("infer", "--arch", "nic", "--size", "64", "--batch", "2", "--iterations", "1", "--warmup", "0",
                "--repeat", "2");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("round 2 of 2"), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("histo4j    64 px:")).count(), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("PyTorch    64 px:")).count(), run.out());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| 64 |")).toList();
        assertEquals(1, rows.size(), run.out());
        assertTrue(Double.parseDouble(cells(rows.getFirst()).get(3)) > 0, rows.getFirst());
    }

    @Test
    void tilesReportsBothRatesAndTheirRatio() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc not installed");

        Run run = run("tiles", Fixtures.path("slides/CMU-1-Small-Region.svs").toString(), "--count", "20");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*histo4j +[0-9]+\\n.*C +[0-9]+\\n.*ratio [0-9.]+ \\(goal >= 0\\.9\\);"
                + " 20 tiles of 256 px, 1 thread\\(s\\).*"), run.out());
        assertEquals(Main.EXIT_USAGE, run("tiles", "x.svs", "--count", "0").exit());
    }

    @Test
    void dataPrintsTheLoaderBesideTrainingMeasuredInTheSameRun() {
        Run run = run("data", "--arch", "nic", "--size", "64", "--batch", "2", "--batches", "1", "--threads", "1",
                "--train-steps", "1");

        assertEquals(0, run.exit(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.contains("synthetic") || l.contains("jpeg-folder"))
                .toList();
        assertEquals(2, rows.size(), run.out());
        for (String row : rows) {
            String[] cells = row.strip().split("\\s*\\|\\s*");
            double loader = Double.parseDouble(cells[2]);
            double training = Double.parseDouble(cells[3]);
            assertTrue(loader > 0 && training > 0, row);
            assertEquals(loader / training, Double.parseDouble(cells[4]), 0.02 * loader / training + 0.01, row);
        }
    }

    @Test
    void sideBySideDividesTheLoaderByTrainingAtTheSameSize() {
        Table loader = Table.create("t", StringColumn.create("source", "synthetic", "jpeg-folder"),
                IntColumn.create("size", 64, 64), DoubleColumn.create("imagesPerSecond", 900, 120));

        Table table = BenchDataCommand.sideBySide(loader, java.util.Map.of(64, 60.0));

        assertEquals(List.of("15.0", "2.00"), table.stringColumn("loader / training").asList());
        assertEquals(List.of("yes", "NO"), table.stringColumn(">= 3x").asList());
        assertEquals(List.of("60.0", "60.0"), table.stringColumn("training img/s").asList());
    }

    @Test
    void stainPrintsEachArmWithItsOverheadOverNoneFromOneRun(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        org.histo4j.slide.synthetic.SyntheticCohort.builder()
                .setPainter(org.histo4j.slide.synthetic.HistologySlidePainter.perSlide()).optSlides(2).optSize(768, 512)
                .optIslands(1).optSeed(2).build().write(dir);

        Run run = run("stain", dir.resolve("cohort.csv").toString(), "--encoder", "random:nic:1", "--tile-size", "64",
                "--mpp", "1.0", "--repeats", "1");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*none +[0-9.]+ +[0-9.]+ +0\\.0% .*\\n"
                + "macenko per tile +[0-9.]+ +[0-9.]+ +-?[0-9.]+% .*\\n"
                + "macenko:slide +[0-9.]+ +[0-9.]+ +-?[0-9.]+% .*"
                + "stain step alone on [0-9]+ tiles of slide-000 \\(thread CPU, beyond decoding\\): macenko per tile [0-9.]+ ms/tile.*"),
                run.out());
        assertEquals(Main.EXIT_USAGE, run("stain", "c.csv", "--encoder", "random:nic", "--repeats", "0").exit());
        Run vahadane = run("stain", dir.resolve("cohort.csv").toString(), "--encoder", "random:nic:1", "--tile-size",
                "64", "--mpp", "1.0", "--repeats", "1", "--method", "vahadane");
        assertEquals(0, vahadane.exit(), vahadane.err());
        assertTrue(vahadane.out().matches("(?s).*\\nvahadane per tile +[0-9.]+ .*\\nvahadane:slide +[0-9.]+ .*"
                + "\\(thread CPU, beyond decoding\\): vahadane per tile [0-9.]+ ms/tile.*"), vahadane.out());
        Run other = run("stain", "c.csv", "--encoder", "random:nic", "--method", "reinhard");
        assertEquals(Main.EXIT_USAGE, other.exit());
        assertTrue(other.err().startsWith("--method: expected macenko or vahadane, got 'reinhard'"), other.err());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheValue() {
        Run arch = run("train", "--arch", "vgg16");
        assertEquals(Main.EXIT_USAGE, arch.exit(), arch.err());
        assertTrue(arch.err().startsWith("--arch must be one of [resnet18, "), arch.err());
        assertTrue(arch.err().contains("got vgg16"), arch.err());
        Run batch = run("infer", "--batch", "0");
        assertEquals(Main.EXIT_USAGE, batch.exit());
        assertTrue(batch.err().startsWith("--batch must be >= 1, got 0"), batch.err());
        assertTrue(run("train", "--repeat", "0").err().startsWith("--repeat must be >= 1, got 0"));
        assertEquals(Main.EXIT_USAGE, run().exit());
    }
}

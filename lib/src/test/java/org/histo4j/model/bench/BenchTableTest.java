package org.histo4j.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The side-by-side table: columns, ratio, missing cells. */
class BenchTableTest {

    private static BenchResult result(String engine, int size, double images, double gflops) {
        return new BenchResult(engine, BenchMode.TRAIN, "resnet18", size, 32, 2, 3, images, gflops);
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList();
    }

    @Test
    void rowsPairSizesAndDivideImagesPerSecond() {
        String table = BenchTable.format(
                List.of(result("histo4j", 64, 200, 178.2), result("histo4j", 224, 20, 218)),
                List.of(result("PyTorch", 64, 160, 142.56), result("PyTorch", 224, 25, 272.5)));
        List<String> lines = table.lines().toList();

        assertEquals(4, lines.size());
        assertEquals(BenchTable.COLUMNS, cells(lines.get(0)));
        assertEquals(List.of("size", "histo4j img/s", "PyTorch img/s", "ratio", "histo4j GFLOP/s", "PyTorch GFLOP/s"),
                cells(lines.get(0)));
        assertEquals(List.of("64", "200.0", "160.0", "1.25", "178.2", "142.6"), cells(lines.get(2)));
        assertEquals(List.of("224", "20.0", "25.0", "0.80", "218.0", "272.5"), cells(lines.get(3)));
    }

    @Test
    void missingEngineLeavesDashes() {
        String table = BenchTable.format(List.of(result("histo4j", 64, 10, 1)), List.of());

        assertEquals(List.of("64", "10.0", "-", "-", "1.0", "-"), cells(table.lines().toList().get(2)));
    }

    @Test
    void bestPerSizeKeepsTheFastestRoundOfEachEngine() {
        List<BenchResult> best = BenchResult.bestPerSize(List.of(result("histo4j", 64, 150, 1),
                result("histo4j", 224, 20, 2), result("PyTorch", 64, 160, 3), result("histo4j", 64, 190, 4),
                result("histo4j", 224, 18, 5), result("PyTorch", 64, 120, 6)));

        assertEquals(List.of(result("histo4j", 64, 190, 4), result("histo4j", 224, 20, 2),
                result("PyTorch", 64, 160, 3)), best);
    }
}

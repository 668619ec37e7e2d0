package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    @Test
    void printsALineEveryNStepsWithMeanLossRateAndTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        // resumed at step 11 of 17; each step takes 0.5 s and trains on 32 images
        try (TrainingProgress progress = TrainingProgress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                11, 17, 3, () -> now[0])) {
            for (long step = 11; step <= 17; step++) {
                now[0] += 500_000_000L;
                progress.update(step, step, 32);
            }
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // step 13: loss (11+12+13)/3 = 12, 96 images in 1.5 s = 64/s, 4 steps left at 0.5 s = 2 s
        // step 16: loss 15, 192 images in 3 s; step 17 (the last): loss 17, 1 step left = 0 s
        assertEquals(List.of(
                "step 13/17  loss 12.0000  64.0 images/s  0:00:02 left",
                "step 16/17  loss 15.0000  64.0 images/s  0:00:01 left",
                "step 17/17  loss 17.0000  64.0 images/s  0:00:00 left"), lines);
    }

    @Test
    void rejectsAFirstStepPastTheTotal() {
        assertThrows(IllegalArgumentException.class,
                () -> TrainingProgress.lines(System.out, 5, 4, 1, System::nanoTime));
    }

    @Test
    void aCounterWritesNoAnsiCodesWhenStandardErrorIsNotATerminal() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try (me.tongfei.progressbar.ProgressBar bar = TrainingProgress.counter("tiles", 3)) {
            bar.stepTo(3);
        } finally {
            System.setErr(original);
        }
        String written = err.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertTrue(written.contains("tiles"), "the bar still reports: [" + written + "]");
        assertTrue(written.chars().noneMatch(c -> c == 0x1b || c == '\r'), "no escape codes: [" + written + "]");
    }
}

package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferProgressTest {

    private static final ColourSource SOURCE = new ColourSource(24, 4, 32);

    /** Linear probes and fine-tuning, 2 seeds x 2 folds each: 8 units of 4 rows (3 metrics + C or best epoch). */
    private static TransferEvaluation evaluation(Consumer<String> log) {
        return TransferEvaluation.builder().addEncoder(EncoderSpec.parse("random:nic:0"))
                .optModes(EnumSet.allOf(TransferEvaluation.Mode.class)).optFolds(2).optSeeds(2)
                .optFineTuning(FineTuner.builder().optEpochs(1).optBatchSize(16)).optLog(log).build();
    }

    @Test
    void anInterruptedEvaluationResumesWithTheSameResultsComputingOnlyTheMissingUnits(@TempDir Path tmp)
            throws IOException {
        Path whole = Files.createDirectories(tmp.resolve("whole"));
        TransferEvaluation.Outcome uninterrupted;
        try (TransferProgress progress = TransferProgress.start(whole)) {
            uninterrupted = evaluation(line -> { }).evaluate(SOURCE, "colours", progress);
            assertEquals(0, progress.resumed());
            assertEquals(8, progress.computed());
        }
        assertEquals(1 + 8 * 4, Files.readAllLines(whole.resolve(TransferProgress.RESULTS)).size(),
                "the header and every unit's rows, appended as they finished");
        assertEquals(1 + 4, Files.readAllLines(whole.resolve(TransferProgress.CURVES)).size(),
                "the header and the 1 epoch of each fine-tuning unit");

        // stopped when the fine-tuning of seed 1, fold 0 starts: 4 linear and 2 fine-tuning units are done
        Path cut = Files.createDirectories(tmp.resolve("cut"));
        try (TransferProgress progress = TransferProgress.start(cut)) {
            assertThrows(IllegalStateException.class, () -> evaluation(line -> {
                if (line.contains("seed 1, fold 0")) {
                    throw new IllegalStateException("killed");
                }
            }).evaluate(SOURCE, "colours", progress));
            assertEquals(6, progress.computed());
        }
        // a kill during the sixth unit's write: its last row lost, half of it written
        Path results = cut.resolve(TransferProgress.RESULTS);
        List<String> lines = Files.readAllLines(results);
        assertEquals(1 + 6 * 4, lines.size());
        String kept = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        Files.writeString(results, kept + lines.getLast().substring(0, 10), StandardCharsets.UTF_8);

        TransferEvaluation.Outcome resumed;
        try (TransferProgress progress = TransferProgress.resume(cut)) {
            assertEquals(5, progress.resumed(), "the torn sixth unit is not kept");
            resumed = evaluation(line -> { }).evaluate(SOURCE, "colours", progress);
            assertEquals(3, progress.computed(), "only the 3 missing units are computed");
        }

        assertEquals(uninterrupted.results().table().printAll(), resumed.results().table().printAll());
        assertArrayEquals(uninterrupted.results().table().doubleColumn("value").asDoubleArray(),
                resumed.results().table().doubleColumn("value").asDoubleArray(), "bit for bit");
        assertEquals(uninterrupted.learningCurves().printAll(), resumed.learningCurves().printAll());
        assertArrayEquals(uninterrupted.learningCurves().doubleColumn("train_loss").asDoubleArray(),
                resumed.learningCurves().doubleColumn("train_loss").asDoubleArray());
        assertEquals(Files.readString(whole.resolve(TransferProgress.RESULTS)), Files.readString(results),
                "the resumed file holds the same rows in the same order");
        assertEquals(Files.readString(whole.resolve(TransferProgress.CURVES)),
                Files.readString(cut.resolve(TransferProgress.CURVES)));
    }

    @Test
    void resumingAFolderWithoutResultsComputesEverything(@TempDir Path tmp) throws IOException {
        try (TransferProgress progress = TransferProgress.resume(tmp)) {
            TransferEvaluation.builder().addEncoder(EncoderSpec.parse("random:nic:0")).optFolds(3).optSeeds(1)
                    .build().evaluate(SOURCE, "colours", progress);
            assertEquals(0, progress.resumed());
            assertEquals(3, progress.computed());
        }
        assertEquals(1 + 3 * 4, Files.readAllLines(tmp.resolve(TransferProgress.RESULTS)).size());
    }
}

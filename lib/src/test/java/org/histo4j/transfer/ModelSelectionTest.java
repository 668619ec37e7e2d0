package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ModelSelectionTest {

    /**
     * Hand-made summary (metric auc, mode svm), mean (std):
     * <pre>
     *        A            B            C
     * T1  0.90 (0.01)  0.89 (0.01)  0.80 (0.02)    ranks A 1, B 2, C 3
     * T2  0.70 (0.015) 0.74 (0.01)  0.60 (0.05)    ranks B 1, A 2, C 3
     * T3  0.80 (0.01)  0.80 (0.03)  0.95 (0.01)    ranks C 1, A 2.5, B 2.5
     * </pre>
     */
    private static final List<SummaryRow> SUMMARY = List.of(
            row("A", "T1", 0.90, 0.01), row("B", "T1", 0.89, 0.01), row("C", "T1", 0.80, 0.02),
            row("A", "T2", 0.70, 0.015), row("B", "T2", 0.74, 0.01), row("C", "T2", 0.60, 0.05),
            row("A", "T3", 0.80, 0.01), row("B", "T3", 0.80, 0.03), row("C", "T3", 0.95, 0.01),
            new SummaryRow("A", "T1", "svm", "accuracy", 0.1, 0.0, 5));

    private static SummaryRow row(String encoder, String task, double mean, double std) {
        return new SummaryRow(encoder, task, "svm", "auc", mean, std, 5);
    }

    @Test
    void significanceRuleUsesTwiceTheLargerStd() {
        assertTrue(ModelSelection.significant(0.80, 0.01, 0.85, 0.02)); // 0.05 > 0.04
        assertFalse(ModelSelection.significant(0.80, 0.03, 0.85, 0.02)); // 0.05 <= 0.06
        assertFalse(ModelSelection.significant(0.85, 0.02, 0.80, 0.03)); // symmetric
        assertFalse(ModelSelection.significant(0.5, Double.NaN, 0.9, 0.01));
    }

    @Test
    void ranksShareTies() {
        Table ranks = ModelSelection.ranks(SUMMARY, "auc");
        assertEquals(9, ranks.rowCount());
        Table t3 = ranks.where(ranks.stringColumn("task").isEqualTo("T3"));
        assertEquals(List.of(2.5, 2.5, 1.0), t3.doubleColumn("rank").asList());
    }

    @Test
    void leaveOneTaskOutIgnoresTheTaskItself() {
        Table selection = ModelSelection.leaveOneTaskOut(SUMMARY, "auc");
        // T1: mean ranks over T2, T3: A (2+2.5)/2 = 2.25, B (1+2.5)/2 = 1.75, C (3+1)/2 = 2 -> B,
        //     though A is best on T1; B 0.89 vs A 0.90: 0.01 <= 2 * 0.01, not significantly worse
        // T2: over T1, T3: A (1+2.5)/2 = 1.75, B (2+2.5)/2 = 2.25, C (3+1)/2 = 2 -> A;
        //     best B 0.74 vs A 0.70: 0.04 > 2 * 0.015, significantly worse
        // T3: over T1, T2: A (1+2)/2 = 1.5, B (2+1)/2 = 1.5, C 3 -> tie; mean value over T1, T2:
        //     A (0.90+0.70)/2 = 0.80, B (0.89+0.74)/2 = 0.815 -> B; best C 0.95 vs 0.80: significant
        assertEquals(List.of("T1", "T2", "T3"), selection.stringColumn("task").asList());
        assertEquals(List.of("B", "A", "B"), selection.stringColumn("encoder").asList());
        assertEquals(List.of(1.75, 1.75, 1.5), selection.doubleColumn("mean_rank_others").asList());
        assertEquals(List.of("A", "B", "C"), selection.stringColumn("best_encoder").asList());
        assertEquals(List.of(false, true, true), selection.booleanColumn("significantly_worse").asList());
        assertEquals(List.of(0.89, 0.70, 0.80), selection.doubleColumn("mean").asList());
    }

    @Test
    void winnersListCandidatesNotSignificantlyWorse() {
        Table winners = ModelSelection.winners(SUMMARY, "auc");
        assertEquals(List.of("A", "B", "C"), winners.stringColumn("encoder").asList());
        // T1: B 0.89 within 2 * 0.01 of A 0.90; C 0.80 is 0.10 > 0.04 below
        assertEquals(List.of("B/svm", "", ""), winners.stringColumn("tied").asList());
    }

    @Test
    void compareAppliesTheRuleTaskByTask() {
        Table comparison = ModelSelection.compare(SUMMARY, "auc", "A", "svm", "B", "svm");
        // T1: 0.90 - 0.89 = 0.01 <= 0.02; T2: -0.04, |.| > 0.03; T3: 0 -> not significant
        assertEquals(List.of("T1", "T2", "T3"), comparison.stringColumn("task").asList());
        assertEquals(0.01, comparison.doubleColumn("difference").getDouble(0), 1e-12);
        assertEquals(-0.04, comparison.doubleColumn("difference").getDouble(1), 1e-12);
        assertEquals(List.of(false, true, false), comparison.booleanColumn("significant").asList());
    }

    @Test
    void summaryTableRoundTrips() {
        assertEquals(SUMMARY, ModelSelection.fromTable(ModelSelection.toTable(SUMMARY)));
    }
}

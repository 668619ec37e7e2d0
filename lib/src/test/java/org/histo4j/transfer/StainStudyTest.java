package org.histo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.histo4j.data.image.Patch;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class StainStudyTest {

    @Test
    void summaryAppliesTheTwiceTheLargerStdRuleAgainstTheFirstCondition() {
        Table results = Table.create("r", StringColumn.create("condition", "none", "none", "a", "a", "b", "b", "c",
                "c"), IntColumn.create("seed", 0, 1, 0, 1, 0, 1, 0, 1),
                DoubleColumn.create("accuracy", 0.50, 0.52, 0.60, 0.62, 0.52, 0.54, 0.40, 0.44));

        Table summary = StainStudy.summary(results);

        assertEquals(List.of("none", "a", "b", "c"), summary.stringColumn("condition").asList());
        // std of {0.50, 0.52} (n - 1) = 0.01414; a: +0.10 > 2 x 0.01414; b: +0.02 < 0.0283; c: -0.07, std 0.0283
        assertEquals(0.51, summary.doubleColumn("accuracy_mean").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(0.0002), summary.doubleColumn("accuracy_std").getDouble(0), 1e-12);
        assertEquals(List.of("baseline", "better", "same", "worse"), summary.stringColumn("vs_first").asList());
    }

    @Test
    void trainAndTestImagesComeFromTheirLabsAndDiffer() {
        Lab b = Lab.sample("b", 3);
        StainStudy study = StainStudy.builder().setLabs(Lab.DEFAULT, b).optImagesPerClass(4).optSize(32)
                .addCondition("none", EncoderSpec.parse("random:nic:1"), StainNormalizer.NONE).optSeeds(2).build();

        assertEquals("synthetic:" + study.trainImages(0).name() + "#0", study.trainImages(0).location(0));
        assertTrue(study.testImages(0).location(0).contains("@" + b.name() + "#"), study.testImages(0).location(0));
        assertNotEquals(Patch.of(study.trainImages(0).read(0)).get(0, 5, 5),
                Patch.of(study.testImages(0).read(0)).get(0, 5, 5), "another painting seed");
    }
}

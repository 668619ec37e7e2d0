package org.histo4j.data.stain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.histo4j.data.image.Patch;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.histo4j.data.synthetic.SyntheticTask;
import org.histo4j.data.synthetic.TissuePainter;
import org.histo4j.data.synthetic.TissueSpec;
import org.histo4j.data.synthetic.TissueType;
import org.junit.jupiter.api.Test;

/** The normalisers on the synthetic painter: the same tissue stained in two labs looks alike after normalisation. */
class LabNormalisationTest {

    private static final Lab OTHER = new Lab("other", new double[] {0.5626, 0.7201, 0.4062},
            new double[] {0.2159, 0.8012, 0.5581}, 1.15, 0.85);

    @Test
    void bothNormalisersBringAnotherLabCloserToTheReferenceLab() {
        Patch reference = paint(Lab.DEFAULT, 1);
        Patch sameTissueLabA = paint(Lab.DEFAULT, 2);
        Patch sameTissueLabB = paint(OTHER, 2);
        double before = StainedImages.meanAbsoluteDifference(sameTissueLabA, sameTissueLabB);
        List<StainNormalizer> normalizers = List.of(MacenkoNormalizer.builder().addReference(reference).build(),
                ReinhardNormalizer.builder().addReference(reference).build());

        for (StainNormalizer normalizer : normalizers) {
            double after = StainedImages.meanAbsoluteDifference(normalizer.apply(sameTissueLabA),
                    normalizer.apply(sameTissueLabB));
            assertTrue(after < 0.5 * before, normalizer.method() + ": " + before + " -> " + after + " grey levels");
        }
    }

    @Test
    void aNormalizedSourceBringsATaskPaintedInAnotherLabToTheReference() {
        SyntheticTask task = SyntheticPool.TARGETS.get(0);
        SyntheticSource labA = new SyntheticSource(task, 64, 3);
        SyntheticSource labB = new SyntheticSource(task, 64, 3, List.of(OTHER));
        NormalizedSource normalized = new NormalizedSource(labB, MacenkoNormalizer.builder()
                .addReference(Patch.of(labA.read(0))).build());
        int index = task.classCount() * task.groupSize() + 1;

        double before = StainedImages.meanAbsoluteDifference(Patch.of(labA.read(index)), Patch.of(labB.read(index)));
        double after = StainedImages.meanAbsoluteDifference(Patch.of(labA.read(index)),
                Patch.of(normalized.read(index)));

        assertTrue(after < 0.5 * before, before + " -> " + after + " grey levels");
        assertEquals(labB.label(index), normalized.label(index));
        assertEquals(labB.group(index), normalized.group(index));
        assertEquals(new StainCounts(1, 0), ((StainNormalizer) normalized.normalizer()).counts());
    }

    private static Patch paint(Lab lab, long seed) {
        return Patch.of(TissuePainter.paintPatch(TissueSpec.of(TissueType.TUMOUR), TissueSpec.of(TissueType.STROMA),
                0.5, 128, seed, null, lab));
    }
}

package org.histo4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void stepDecayDividesEveryPeriod() {
        Schedule s = Schedule.stepDecay(0.1f, 0.5f, 3);
        float[] expected = {0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f};
        for (int t = 1; t <= expected.length; t++) {
            assertEquals(expected[t - 1], s.getNewValue(t), 1e-9, "t=" + t);
        }
    }

    @Test
    void cosineWarmsUpLinearlyThenDecaysToTheFloor() {
        Schedule s = Schedule.cosine(1f, 0.1f, 14, 4);
        assertEquals(0.25f, s.getNewValue(1), 1e-7);
        assertEquals(0.75f, s.getNewValue(3), 1e-7);
        assertEquals(1f, s.getNewValue(4), 1e-7);
        // t = 9: p = 5/10, cos(pi/2) = 0, lr = 0.1 + 0.9 / 2
        assertEquals(0.55f, s.getNewValue(9), 1e-6);
        // t = 6: p = 0.2, (1 + cos(0.2 pi)) / 2 = 0.9045085
        assertEquals(0.1f + 0.9f * 0.9045085f, s.getNewValue(6), 1e-6);
        assertEquals(0.1f, s.getNewValue(14), 1e-7);
        assertEquals(0.1f, s.getNewValue(100), 1e-7);
        assertEquals(1f, Schedule.cosine(1f, 0f, 10).getNewValue(0), 1e-7);
    }

    @Test
    void constantAndValidation() {
        assertEquals(0.01f, Schedule.constant(0.01f).getNewValue(1000));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(1f, 0f, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> Schedule.stepDecay(0.1f, 0.1f, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant(0f));
    }

    @Test
    void headsLearnFasterByTheMultiplier() {
        Parameter encoder = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        Parameter head = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        ParameterGroups groups = ParameterGroups.builder().addEncoder(List.of(encoder)).addHead("t", List.of(head))
                .build();
        ParameterTracker rates = groups.learningRates(Schedule.stepDecay(0.1f, 0.1f, 2), 10);
        assertEquals(0.1f, rates.getNewValue(encoder.getId(), 1), 1e-9);
        assertEquals(1f, rates.getNewValue(head.getId(), 1), 1e-7);
        assertEquals(0.01f, rates.getNewValue(encoder.getId(), 3), 1e-9);
        assertEquals(0.1f, rates.getNewValue(head.getId(), 3), 1e-8);
        assertThrows(IllegalArgumentException.class,
                () -> ParameterGroups.builder().addEncoder(List.of(encoder)).addHead("t", List.of(encoder)));
    }
}

package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** libtorch's minimum log level is found in the loaded libc10 and can be raised to hide its warnings. */
class TorchLogTest {

    @Test
    void hidingWarningsRaisesLibtorchsLevelToErrorAndReturnsThePreviousOne() {
        int before = TorchLog.level().orElseThrow(() -> new AssertionError("FLAGS_caffe2_log_level not found"));
        try {
            assertEquals(before, TorchLog.hideWarnings().orElseThrow());
            assertEquals(TorchLog.ERROR, TorchLog.level().orElseThrow());
            assertEquals(TorchLog.ERROR, TorchLog.setLevel(1).orElseThrow());
            assertEquals(1, TorchLog.level().orElseThrow());
        } finally {
            TorchLog.setLevel(before);
        }
        assertTrue(before >= 0 && before <= 3, "c10 levels are 0..3, got " + before);
    }

    @Test
    void levelsOutsideC10sAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TorchLog.setLevel(4));
    }
}

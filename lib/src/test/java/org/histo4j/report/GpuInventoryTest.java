package org.histo4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuInventoryTest {

    @Test
    void parsesNvidiaSmiLinesAndSkipsOthers() {
        String csv = """
                0, NVIDIA H200, 143771, 512, 570.124.06
                1, NVIDIA H200, 143771, 0, 570.124.06
                NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver
                """;
        List<GpuInventory.Gpu> gpus = GpuInventory.parse(csv);
        assertEquals(List.of(new GpuInventory.Gpu(0, "NVIDIA H200", 143771, 512, "570.124.06"),
                new GpuInventory.Gpu(1, "NVIDIA H200", 143771, 0, "570.124.06")), gpus);
    }

    @Test
    void noDriverMeansNoGpus() {
        assertTrue(GpuInventory.parse("").isEmpty());
    }
}

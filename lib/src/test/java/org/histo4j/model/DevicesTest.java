package org.histo4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.histo4j.Histo4jException;
import org.junit.jupiter.api.Test;

/** {@link Devices}: the device grammar, what {@code auto} means, and refusal of GPUs that are not there. */
class DevicesTest {

    @Test
    void parsesEveryFormAgainstTheGpusSeen() {
        assertEquals(List.of(Device.cpu()), Devices.parse("cpu", 2).devices());
        assertEquals(List.of(Device.cpu()), Devices.parse("auto", 0).devices());
        assertEquals(List.of(Device.gpu(0), Device.gpu(1)), Devices.parse("auto", 2).devices());
        assertEquals(List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2)), Devices.parse("gpu", 3).devices());
        assertEquals(List.of(Device.gpu(1)), Devices.parse("gpu:1", 2).devices());
        assertEquals(List.of(Device.gpu(2), Device.gpu(0)), Devices.parse(" GPU:2,0 ", 3).devices());
        assertEquals(List.of(Device.gpu(0)), Devices.parse("gpu0", 1).devices(), "DJL's spelling in old configs");
    }

    @Test
    void textRoundTrips() {
        for (String text : List.of("cpu", "gpu:0", "gpu:1,0,3")) {
            Devices devices = Devices.parse(text, 4);
            assertEquals(text, devices.toString());
            assertEquals(devices, Devices.parse(devices.toString(), 4));
        }
        assertEquals("gpu:0,1", Devices.parse("auto", 2).toString());
        assertTrue(Devices.parse("gpu:3", 4).isGpu());
        assertFalse(Devices.cpu().isGpu());
        assertEquals(Device.gpu(3), Devices.parse("gpu:3,1", 4).first());
    }

    @Test
    void malformedTextIsAnIllegalArgumentNamingIt() {
        for (String text : List.of("", "tpu", "gpu:", "gpu:-1", "gpu:a", "gpu:0,,1", "cpu:0", "gpu:1,1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse(text, 8),
                    text);
            assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        }
    }

    @Test
    void aGpuThatIsNotThereIsRefusedInOneLine() {
        Histo4jException none = assertThrows(Histo4jException.class, () -> Devices.parse("gpu:1", 0));
        assertTrue(none.getMessage().startsWith("gpu:1: this machine's PyTorch engine sees 0 GPUs (libtorch flavour "),
                none.getMessage());
        assertFalse(none.getMessage().contains("\n"));
        Histo4jException tooFew = assertThrows(Histo4jException.class, () -> Devices.parse("gpu:0,2", 2));
        assertTrue(tooFew.getMessage().contains("sees 2 GPUs"), tooFew.getMessage());
        assertThrows(Histo4jException.class, () -> Devices.parse("gpu", 0));
    }

    @Test
    void thisMachineWithoutGpusComputesOnTheCpu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0);
        assertEquals(Devices.cpu(), Devices.auto());
        assertEquals("cpu", Devices.flavour());
        assertThrows(Histo4jException.class, () -> Devices.parse("gpu:0"));
    }
}

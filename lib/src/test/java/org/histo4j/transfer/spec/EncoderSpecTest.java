package org.histo4j.transfer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncoderSpecTest {

    @Test
    void parsesEveryKind() {
        assertEquals(new EncoderSpec(EncoderSpec.Kind.RANDOM, "resnet18", 0, Optional.empty()),
                EncoderSpec.parse("random:resnet18"));
        assertEquals(new EncoderSpec(EncoderSpec.Kind.RANDOM, "densenet121", 42, Optional.of("block2")),
                EncoderSpec.parse("random:DenseNet121:42@block2"));
        assertEquals(new EncoderSpec(EncoderSpec.Kind.NIC, "", 0, Optional.empty()), EncoderSpec.parse("nic"));
        assertEquals(new EncoderSpec(EncoderSpec.Kind.NIC, "/w/nic.h5", 0, Optional.of("block3")),
                EncoderSpec.parse("nic:/w/nic.h5@block3"));
        assertEquals(new EncoderSpec(EncoderSpec.Kind.TORCHSCRIPT, "models/r18.pt", 0, Optional.of("layer3")),
                EncoderSpec.parse("torchscript:models/r18.pt@layer3"));
        assertEquals(new EncoderSpec(EncoderSpec.Kind.RUN, "runs/mt-1/", 0, Optional.empty()),
                EncoderSpec.parse("run:runs/mt-1/"));
    }

    @Test
    void printsASpecThatParsesBackAndAShortLabel() {
        for (String text : new String[] {"random:resnet50:7@layer2", "nic", "nic:/a/b.h5", "torchscript:/m/x.pt",
            "run:/runs/a@block1"}) {
            EncoderSpec spec = EncoderSpec.parse(text);
            assertEquals(spec, EncoderSpec.parse(spec.toString()));
        }
        assertEquals("random:resnet18:0", EncoderSpec.parse("random:resnet18").toString());
        assertEquals("run:mt-1@layer3", EncoderSpec.parse("run:/x/runs/mt-1/@layer3").label());
        assertEquals("torchscript:r18.pt", EncoderSpec.parse("torchscript:/m/r18.pt").label());
        assertEquals(Optional.of(2), EncoderSpec.parse("nic@block2").blockNumber());
        assertEquals(Optional.empty(), EncoderSpec.parse("random:resnet18@layer2").blockNumber());
    }

    @Test
    void refusesBadSpecsNamingTheBadPart() {
        assertMessage("unknown encoder spec 'imagenet'", "imagenet");
        assertMessage("unknown architecture 'vgg16'", "random:vgg16");
        assertMessage("seed 'x' is not an integer", "random:resnet18:x");
        assertMessage("needs a path", "torchscript:");
        assertMessage("bad truncation point '3'", "random:resnet18@3");
        assertMessage("empty encoder spec", " ");
    }

    private static void assertMessage(String expected, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderSpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

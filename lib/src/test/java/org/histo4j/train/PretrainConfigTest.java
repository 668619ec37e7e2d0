package org.histo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.histo4j.model.head.LinearHead;
import org.histo4j.model.head.MlpHead;
import org.histo4j.train.config.HeadSpec;
import org.histo4j.train.config.LrSchedule;
import org.junit.jupiter.api.Test;

/** Each part of a configuration checks itself and names the builder method of a bad value. */
class PretrainConfigTest {

    private static PretrainConfig.Builder base() {
        return PretrainConfig.builder().setArch("resnet18").setSteps(10);
    }

    private static void refused(String expected, UnaryOperator<PretrainConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(base()).build());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void badValuesNameTheBuilderMethodThatSetsThem() {
        refused("setArch: 'vgg' is not one of", b -> b.setArch("vgg"));
        refused("setSteps: 0 must be at least 1", b -> b.setSteps(0));
        refused("optTruncateAfter: 'layer9'", b -> b.optTruncateAfter("layer9"));
        refused("optBatchSize: 0", b -> b.optBatchSize(0));
        refused("optMomentum: 1.0", b -> b.optMomentum(1));
        refused("optLrWarmupSteps: 2 (learning-rate warm-up needs the cosine schedule, not CONSTANT",
                b -> b.optLrWarmupSteps(2));
        refused("optFrozenEncoderSteps: 11 must be in [0, 10]", b -> b.optFrozenEncoderSteps(11));
        refused("optImagesPerClass: 5 (>= 0, and only for the synthetic pool)",
                b -> b.optPool("pool.json").optImagesPerClass(5));
        refused("optSplit: validation 0.5", b -> b.optSplit(0.5, 0.5));
        refused("optEvalEvery: 0", b -> b.optEvalEvery(0));
        refused("optImageSize: 96 (the nic encoder needs 64)", b -> b.setArch("nic").optImageSize(96));
        refused("optHead: mlp(0)", b -> b.optHead(HeadSpec.mlp(0)));
    }

    @Test
    void aValidConfigurationCopiesThroughItsBuilder() {
        PretrainConfig config = base().optLrSchedule(LrSchedule.COSINE).optLrWarmupSteps(3).optFrozenEncoderSteps(2)
                .optHead(HeadSpec.mlp(32)).build();
        assertEquals(config, config.toBuilder().build());
        assertEquals(3, config.schedule().lrWarmupSteps());
        assertEquals(2, config.schedule().frozenEncoderSteps());
    }

    @Test
    void headSpecsMakeTheirHeadsAndReadTheirShortForm() {
        assertTrue(HeadSpec.linear().create(3) instanceof LinearHead);
        assertTrue(HeadSpec.mlp(8).create(3) instanceof MlpHead);
        assertEquals(3, HeadSpec.mlp(8).create(3).numClasses());
        for (HeadSpec spec : new HeadSpec[] {HeadSpec.linear(), HeadSpec.mlp(8),
            new HeadSpec.Custom(java.util.List.of("x(2)", "y(3)"))}) {
            assertEquals(spec, HeadSpec.parse(spec.describe()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadSpec.parse("mlp(x)"));
        assertEquals("optHead: 'mlp(x)' is not linear or mlp(H)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> HeadSpec.parse("custom:a").create(2));
    }
}

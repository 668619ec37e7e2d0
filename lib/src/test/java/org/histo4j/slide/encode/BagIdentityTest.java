package org.histo4j.slide.encode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.histo4j.model.Encoder;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BagIdentityTest {

    @Test
    void aSlideRewrittenInPlaceMakesItsBagStale(@TempDir Path dir) throws IOException {
        SyntheticCohort.builder().setPainter(seed -> HistologySlidePainter.builder().optBlockSize(256).build(seed))
                .optSlides(2).optSize(1024, 768).optIslands(2).optSeed(3).build().write(dir.resolve("cohort"));
        SlideEntry slide = SlideCohort.read(dir.resolve("cohort/cohort.csv")).getFirst();
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = EncoderResolver.defaults().create(EncoderSpec.parse("random:nic:1"), manager);
            SlideEncoder slides = SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0)
                    .optThreads(1).build();
            Path bag = dir.resolve("bags/slide.h5");
            slides.encode(slide, bag, SlideEncoder.Listener.NONE);
            assertTrue(slides.encode(slide, bag, SlideEncoder.Listener.NONE).skipped(), "an unchanged slide is skipped");

            // the same bytes count, a later date: a slide copied over the old one
            Files.setLastModifiedTime(slide.path(),
                    FileTime.fromMillis(Files.getLastModifiedTime(slide.path()).toMillis() + 2000));
            assertFalse(slides.encode(slide, bag, SlideEncoder.Listener.NONE).skipped(), "the bag is re-encoded");
        }
    }
}

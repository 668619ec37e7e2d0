package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicInteger;
import org.histo4j.transfer.ColourSource;
import org.junit.jupiter.api.Test;

class MemoizedSourceTest {

    @Test
    void keepsImagesWithinTheBudgetAndDecodesTheRestEachTime() {
        // colour images of 32 px: 4096 bytes each when kept
        AtomicInteger reads = new AtomicInteger();
        org.histo4j.data.ImageSource counted = new SourceProxy(new ColourSource(6, 2, 32), reads);
        MemoizedSource kept = MemoizedSource.of(counted, 2 * 4096);

        BufferedImage first = kept.read(0);
        assertSame(first, kept.read(0));
        kept.read(1);
        kept.read(1);
        assertEquals(2, reads.get(), "images 0 and 1 fit in the budget: decoded once each");
        kept.read(2);
        kept.read(2);
        assertEquals(4, reads.get(), "image 2 is beyond the budget: decoded on every read");
        assertEquals(counted.label(5), kept.label(5));
        assertEquals(6, kept.size());
    }

    /** Forwards to a source, counting reads. */
    private record SourceProxy(org.histo4j.data.ImageSource source, AtomicInteger reads)
            implements org.histo4j.data.ImageSource {
        @Override
        public String name() {
            return source.name();
        }

        @Override
        public java.util.List<String> classes() {
            return source.classes();
        }

        @Override
        public int size() {
            return source.size();
        }

        @Override
        public int label(int index) {
            return source.label(index);
        }

        @Override
        public String group(int index) {
            return source.group(index);
        }

        @Override
        public String location(int index) {
            return source.location(index);
        }

        @Override
        public BufferedImage read(int index) {
            reads.incrementAndGet();
            return source.read(index);
        }
    }
}

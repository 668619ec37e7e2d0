package org.histo4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import org.histo4j.data.FakeSource;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ForwardingImageSource;
import org.histo4j.data.PoolView;
import org.histo4j.data.TaskPool;
import org.histo4j.data.UnreadableImageException;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.synthetic.SyntheticPool;
import org.histo4j.data.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    static final TaskPool POOL = TaskPool.of("p", List.of(
            new SyntheticSource(SyntheticPool.POOL.get(0).withImagesPerClass(10), 64, 1),
            new SyntheticSource(SyntheticPool.POOL.get(2).withImagesPerClass(10), 64, 1)));

    static BatchLoader loader(TaskPool pool, long seed, ImageFailurePolicy policy) {
        return BatchLoader.builder().setSampler(Sampler.taskUniform(PoolView.all(pool)))
                .setAugmentation(Augmentation.builder().setSize(48).optRandomCrop().optFlips().optRotations()
                        .optColourJitter(0.1, 0.1, 0.1).optHedJitter(0.05, 0.02).build())
                .setBatchSize(6).optSeed(seed).optFailurePolicy(policy).build();
    }

    @Test
    void batchKIsAFunctionOfSeedAndK() {
        HostBatch a = loader(POOL, 5, ImageFailurePolicy.FAIL).prepare(7);
        HostBatch b = loader(POOL, 5, ImageFailurePolicy.FAIL).prepare(7);
        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.samples(), b.samples());
        assertFalse(java.util.Arrays.equals(a.images(), loader(POOL, 5, ImageFailurePolicy.FAIL).prepare(8)
                .images()));
        assertFalse(java.util.Arrays.equals(a.images(), loader(POOL, 6, ImageFailurePolicy.FAIL).prepare(7)
                .images()));
    }

    @Test
    void labelsAndTasksMatchTheDrawnSamples() {
        HostBatch batch = loader(POOL, 1, ImageFailurePolicy.FAIL).prepare(0);
        for (int i = 0; i < batch.count(); i++) {
            SampleRef ref = batch.samples().get(i);
            assertEquals(ref.task(), batch.tasks()[i]);
            assertEquals(POOL.task(ref.task()).label(ref.index()), batch.labels()[i]);
        }
    }

    @Test
    void streamGivesTheSameBatchesAsPrepareWhateverTheWorkers() {
        BatchLoader loader = loader(POOL, 3, ImageFailurePolicy.FAIL);
        try (NDManager manager = NDManager.newBaseManager();
                BatchStream stream = loader.stream(10, 2, 3)) {
            for (long step = 10; step < 14; step++) {
                try (Batch batch = stream.next(manager)) {
                    assertEquals(step, batch.step());
                    assertEquals(new Shape(6, 3, 48, 48), batch.images().getShape());
                    assertEquals(DataType.FLOAT32, batch.images().getDataType());
                    assertEquals(DataType.INT64, batch.labels().getDataType());
                    assertEquals(DataType.INT64, batch.tasks().getDataType());
                    HostBatch expected = loader.prepare(step);
                    assertArrayEquals(expected.images(), batch.images().toFloatArray());
                    assertArrayEquals(expected.labels(), batch.labels().toLongArray());
                    assertArrayEquals(expected.tasks(), batch.tasks().toLongArray());
                }
            }
        }
    }

    /** A source whose even images cannot be read. */
    /** Every even image is unreadable; locations look like files. */
    static final class HalfBroken extends ForwardingImageSource {
        HalfBroken(FakeSource inner) {
            super(inner);
        }

        @Override
        public String location(int index) {
            return "/data/img-" + index + ".png";
        }

        @Override
        public BufferedImage read(int index) {
            if (index % 2 == 0) {
                throw new UnreadableImageException(location(index), "truncated", null);
            }
            return inner().read(index);
        }
    }

    @Test
    void unreadableImagesAreSkippedAndListedOrFatal() {
        TaskPool broken = TaskPool.of("b", List.of(new HalfBroken(FakeSource.of("h", 2, 20, 2))));
        BatchLoader skip = loader(broken, 1, ImageFailurePolicy.SKIP);
        HostBatch batch = skip.prepare(0);
        for (SampleRef ref : batch.samples()) {
            assertEquals(1, ref.index() % 2, "an unreadable image was used: " + ref);
        }
        assertFalse(skip.skipped().isEmpty());
        assertTrue(skip.skipped().stream().allMatch(p -> p.matches("/data/img-\\d*[02468]\\.png")), skip.skipped()
                .toString());
        assertArrayEquals(batch.images(), loader(broken, 1, ImageFailurePolicy.SKIP).prepare(0).images());
        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> loader(broken, 1, ImageFailurePolicy.FAIL).prepare(0));
        assertTrue(e.getMessage().contains("/data/img-"), e.getMessage());
    }

    @Test
    void builderNamesTheMissingField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchLoader.builder().setBatchSize(2).setAugmentation(Augmentation.none(8)).build());
        assertTrue(e.getMessage().contains("sampler"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Augmentation.builder().build());
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }
}

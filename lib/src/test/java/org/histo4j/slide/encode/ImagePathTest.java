package org.histo4j.slide.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.histo4j.data.ImageSource;
import org.histo4j.data.PoolView;
import org.histo4j.data.TaskPool;
import org.histo4j.data.batch.Batch;
import org.histo4j.data.batch.BatchLoader;
import org.histo4j.data.batch.HostBatch;
import org.histo4j.data.batch.SampleRef;
import org.histo4j.data.batch.Sampler;
import org.histo4j.data.image.Augmentation;
import org.histo4j.data.image.Normalization;
import org.histo4j.model.Encoder;
import org.histo4j.model.MultiTaskNetwork;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.synthetic.HistologySlidePainter;
import org.histo4j.slide.synthetic.SyntheticCohort;
import org.histo4j.transfer.FeatureExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one image path: a slide tile reaches the encoder as the same floats whether slide encoding, feature extraction
 * or pre-training's batch loader sent it.
 */
class ImagePathTest {

    private static final int INPUT = 24;
    private static final int PER_IMAGE = 3 * INPUT * INPUT;

    @TempDir
    Path dir;

    @Test
    void aTileReachesTheEncoderAsTheSameTensorThroughEveryCommand() throws IOException {
        SyntheticCohort.builder().setPainter(seed -> HistologySlidePainter.builder().optBlockSize(256).build(seed))
                .optSlides(2).optSize(768, 512).optIslands(2).optLesionFraction(0.1).optLesionRadius(60).optSeed(5)
                .build().write(dir.resolve("cohort"));
        SlideEntry entry = SlideCohort.read(dir.resolve("cohort/cohort.csv")).getFirst();
        try (NDManager manager = NDManager.newBaseManager()) {
            RecordingEncoder encoder = new RecordingEncoder();
            encoder.initialize(manager);
            // 64 px tiles at 1 um/px on a 0.5 um/px slide: 128 level-0 pixels each, so tiles are resized twice
            // (128 -> 64 when read, 64 -> 24 for the encoder), the resize path under test
            SlideEncoder slides = SlideEncoder.builder().setEncoder(encoder).setTileSize(64).setMpp(1.0)
                    .optMinTissue(0.1).optThreads(1).optBatchSize(7).build();
            slides.encode(entry, dir.resolve("bag.h5"), SlideEncoder.Listener.NONE);
            float[][] bySlide = encoder.takeRows();

            List<BufferedImage> tiles = new ArrayList<>();
            try (SlideReader slide = SlideReader.open(entry.path())) {
                TileGrid grid = slides.grid(slide);
                try (SlideTileSource source = new SlideTileSource(entry, slide, grid.tiles())) {
                    for (int i = 0; i < source.size(); i++) {
                        tiles.add(source.read(i));
                    }
                }
            }
            assertTrue(tiles.size() >= 4, "the slide has " + tiles.size() + " tiles");
            assertEquals(tiles.size(), bySlide.length);
            ImageSource images = new Tiles(tiles);

            FeatureExtractor.builder().setEncoder(encoder).optBatchSize(5).optThreads(2).build()
                    .extract(images, n -> { });
            float[][] byExtractor = encoder.takeRows();

            BatchLoader loader = BatchLoader.builder()
                    .setSampler(Sampler.imageUniform(PoolView.all(TaskPool.of("tiles", List.of(images)))))
                    .setAugmentation(Augmentation.none(INPUT)).optNormalization(encoder.normalization())
                    .setBatchSize(6).optSeed(11).build();
            MultiTaskNetwork network = MultiTaskNetwork.linear(encoder, 2).initialize(manager);
            HostBatch host = loader.prepare(0);
            try (Batch batch = host.toNDArrays(manager)) {
                network.forward(new ParameterStore(manager, false), batch.images(), batch.tasks(), true);
            }
            float[][] byLoader = encoder.takeRows();

            for (int i = 0; i < tiles.size(); i++) {
                assertArrayEquals(bySlide[i], byExtractor[i], 0f, "tile " + i + ": slide encoding vs extraction");
            }
            assertEquals(6, byLoader.length);
            for (int k = 0; k < byLoader.length; k++) {
                SampleRef ref = host.samples().get(k);
                assertArrayEquals(byExtractor[ref.index()], byLoader[k], 0f,
                        "tile " + ref.index() + ": pre-training's loader vs extraction");
            }
            // the floats are normalised encoder input, not raw pixels: ImageNet's mean is subtracted
            assertFalse(Arrays.equals(byLoader[0], new float[PER_IMAGE]));
            assertTrue(min(byExtractor) < 0, "normalised values go below 0");
        }
    }

    private static float min(float[][] rows) {
        float m = Float.POSITIVE_INFINITY;
        for (float[] row : rows) {
            for (float v : row) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    /** Tiles as an in-memory source, labels alternating, one group per tile. */
    private record Tiles(List<BufferedImage> tiles) implements ImageSource {
        @Override
        public String name() {
            return "tiles";
        }

        @Override
        public List<String> classes() {
            return List.of("a", "b");
        }

        @Override
        public int size() {
            return tiles.size();
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public String group(int index) {
            return "g" + index;
        }

        @Override
        public String location(int index) {
            return "tile-" + index;
        }

        @Override
        public BufferedImage read(int index) {
            return tiles.get(index);
        }
    }

    /** An encoder whose block keeps a copy of every input it is given and returns each channel's mean. */
    private static final class RecordingEncoder implements Encoder {
        private final Recorder block = new Recorder();

        float[][] takeRows() {
            float[][] rows = block.rows.toArray(float[][]::new);
            block.rows.clear();
            return rows;
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public String architecture() {
            return "recorder";
        }

        @Override
        public Block block() {
            return block;
        }

        @Override
        public int featureWidth() {
            return 3;
        }

        @Override
        public int inputSize() {
            return INPUT;
        }

        @Override
        public Normalization normalization() {
            return Normalization.IMAGENET;
        }

        @Override
        public Optional<String> truncatedAfter() {
            return Optional.empty();
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            return Map.of();
        }
    }

    private static final class Recorder extends AbstractBlock {
        final List<float[]> rows = new ArrayList<>();

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            float[] all = x.toFloatArray();
            synchronized (rows) {
                for (int n = 0; n < x.getShape().get(0); n++) {
                    rows.add(Arrays.copyOfRange(all, n * PER_IMAGE, (n + 1) * PER_IMAGE));
                }
            }
            return new NDList(x.reshape(x.getShape().get(0), 3, -1).mean(new int[] {2}));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), 3)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // no parameters
        }
    }
}

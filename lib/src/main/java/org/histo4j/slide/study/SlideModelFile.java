package org.histo4j.slide.study;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.histo4j.Histo4jException;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.TrainedSlideModel;
import org.histo4j.transfer.CacheProvenance;

/**
 * A trained slide classifier on disk: a folder with {@code model.json} (which model, the feature width, the
 * level-0 tile size and the encoder provenance of the bags it was trained on) and {@code parameters.bin} (DJL's
 * parameter stream of the block). Loading rebuilds the block and refuses files that do not match it.
 *
 * @param model the kind of classifier
 * @param featureWidth the width of the tile features it takes
 * @param tileSize the level-0 tile stride of its bags
 * @param encoder the encoder name of its bags
 * @param weightsHash the encoder weights hash of its bags
 * @param mpp the microns per pixel of its tiles
 */
public record SlideModelFile(SlideModel model, int featureWidth, int tileSize, String encoder, String weightsHash,
        double mpp) {

    private static final String JSON = "model.json";
    private static final String PARAMETERS = "parameters.bin";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The description of a model trained on bags of {@code provenance}. */
    public static SlideModelFile of(SlideModel model, int featureWidth, int tileSize, CacheProvenance provenance) {
        return new SlideModelFile(model, featureWidth, tileSize, provenance.encoder(), provenance.weightsHash(),
                provenance.micronsPerPixel());
    }

    /** Whether bags of {@code provenance} were encoded as this model's training bags were. */
    public boolean accepts(CacheProvenance provenance) {
        return encoder.equals(provenance.encoder()) && weightsHash.equals(provenance.weightsHash())
                && Double.compare(mpp, provenance.micronsPerPixel()) == 0;
    }

    /** Writes {@code trained} and this description into {@code dir}. */
    public void save(Path dir, TrainedSlideModel trained) {
        ObjectNode json = MAPPER.createObjectNode().put("model", model.label()).put("feature_width", featureWidth)
                .put("tile_size", tileSize).put("encoder", encoder).put("weights_hash", weightsHash).put("mpp", mpp);
        try {
            Files.createDirectories(dir);
            MAPPER.writeValue(dir.resolve(JSON).toFile(), json);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(PARAMETERS))))) {
                trained.block().saveParameters(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the slide model to " + dir, e);
        }
    }

    /** Reads the description in {@code dir}. */
    public static SlideModelFile read(Path dir) {
        Path file = dir.resolve(JSON);
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("slide model not found: " + file + " (train one with 'slide train')");
        }
        try {
            JsonNode json = MAPPER.readTree(file.toFile());
            return new SlideModelFile(SlideModel.of(json.path("model").asText()), json.path("feature_width").asInt(),
                    json.path("tile_size").asInt(), json.path("encoder").asText(), json.path("weights_hash").asText(),
                    json.path("mpp").asDouble(Double.NaN));
        } catch (IOException e) {
            throw new Histo4jException("cannot read slide model " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /** Loads the trained model saved in {@code dir} onto {@code device}; the caller closes it. */
    public static TrainedSlideModel load(Path dir, Device device) {
        SlideModelFile description = read(dir);
        Block block = description.model().factory().get();
        Model model = Model.newInstance("slide-classifier", device);
        model.setBlock(block);
        try (NDManager init = model.getNDManager().newSubManager();
                DataInputStream in = new DataInputStream(new BufferedInputStream(
                        Files.newInputStream(dir.resolve(PARAMETERS))))) {
            Bag probe = new Bag("probe", "probe", 0, new float[][] {new float[description.featureWidth()]},
                    new int[][] {{0, 0}});
            NDList shapes = description.model().inputs(description.tileSize()).inputs(init, List.of(probe));
            block.initialize(model.getNDManager(), DataType.FLOAT32, shapes.getShapes());
            block.loadParameters(model.getNDManager(), in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new Histo4jException("cannot load slide model " + dir.resolve(PARAMETERS) + ": " + Histo4jException.reason(e),
                    e);
        }
        return TrainedSlideModel.of(model, description.model().inputs(description.tileSize()));
    }
}

package org.histo4j.data.stain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.histo4j.data.image.Patch;

/** The normaliser that changes nothing, so that "no normalisation" is recorded like any other choice. */
final class NoStainNormalizer implements StainNormalizer {

    static final NoStainNormalizer INSTANCE = new NoStainNormalizer();

    private NoStainNormalizer() {}

    @Override
    public String method() {
        return "none";
    }

    @Override
    public Patch apply(Patch patch) {
        return patch;
    }

    @Override
    public StainCounts counts() {
        return new StainCounts(0, 0);
    }

    @Override
    public ObjectNode toJson() {
        return StainJson.MAPPER.createObjectNode().put("method", "none");
    }

    /** {@code none}, without a hash: there is nothing fitted. */
    @Override
    public String identity() {
        return "none";
    }
}

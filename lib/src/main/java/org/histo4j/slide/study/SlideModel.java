package org.histo4j.slide.study;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.histo4j.Histo4jException;
import org.histo4j.slide.mil.AttentionMil;
import org.histo4j.slide.mil.GridBatch;
import org.histo4j.slide.mil.GridCnn;
import org.histo4j.slide.mil.MeanPooling;
import org.histo4j.slide.mil.SlideInputs;

/**
 * The slide classifiers a study compares, by the name used on the command line and in the {@code mode} column of
 * results: mean pooling, attention MIL (ABMIL) plain and gated, and the grid CNN of Neural Image Compression.
 * Sizes are small (tile features D -> 128 -> 32 for pooling models, 32 filters for the grid CNN), fit for cohorts
 * of tens to hundreds of slides.
 */
public enum SlideModel {
    /** Mean pooling of embedded tiles. */
    MEAN("mean"),
    /** Attention MIL with tanh attention (Ilse et al.). */
    ABMIL("abmil"),
    /** Attention MIL with gated attention (CLAM). */
    GATED("gated"),
    /** The CNN over the compressed slide grid (NIC). */
    GRID("grid");

    private final String label;

    SlideModel(String label) {
        this.label = label;
    }

    /** The name on the command line and in result tables, e.g. {@code "abmil"}. */
    public String label() {
        return label;
    }

    /** A factory of fresh, untrained blocks of this model for two slide classes. */
    public Supplier<Block> factory() {
        return switch (this) {
            case MEAN -> () -> new MeanPooling(2, 64);
            case ABMIL -> () -> AttentionMil.builder().optHidden(128, 32).optAttention(16).build();
            case GATED -> () -> AttentionMil.builder().optGated(true).optHidden(128, 32).optAttention(16).build();
            case GRID -> () -> new GridCnn(2, 32, 2);
        };
    }

    /** How slides become this model's inputs; {@code tileSize} is the level-0 tile stride (used by the grid). */
    public SlideInputs inputs(int tileSize) {
        return this == GRID ? GridBatch.withStride(tileSize) : SlideInputs.BAGS;
    }

    /** Whether the model reports a weight per tile (attention or uniform), which heatmaps show. */
    public boolean hasTileWeights() {
        return this != GRID;
    }

    /** The model of a name ({@link #label()}, case-insensitive); an unknown name is one clear error. */
    public static SlideModel of(String name) {
        return Arrays.stream(values()).filter(m -> m.label.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new Histo4jException("unknown slide model '" + name + "': one of "
                        + Arrays.stream(values()).map(SlideModel::label).toList()));
    }
}

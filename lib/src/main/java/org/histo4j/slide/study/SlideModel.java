package org.histo4j.slide.study;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.histo4j.Histo4jException;
import org.histo4j.slide.mil.AttentionMil;
import org.histo4j.slide.mil.ClamLoss;
import org.histo4j.slide.mil.ClamMil;
import org.histo4j.slide.mil.GridBatch;
import org.histo4j.slide.mil.GridCnn;
import org.histo4j.slide.mil.MeanPooling;
import org.histo4j.slide.mil.SlideInputs;
import org.histo4j.slide.mil.SlideLoss;
import org.histo4j.slide.mil.TransMil;

/**
 * The slide classifiers a study compares, by the name used on the command line and in the {@code mode} column of
 * results: mean pooling, attention MIL (ABMIL) plain and gated, the grid CNN of Neural Image Compression, CLAM-SB,
 * CLAM-MB and TransMIL. Sizes are small (tile features D -> 128 -> 32 for pooling models, 128 for CLAM, 32-wide
 * tokens and 4 heads for TransMIL, 32 filters for the grid CNN), fit for cohorts of tens to hundreds of slides.
 */
public enum SlideModel {
    /** Mean pooling of embedded tiles. */
    MEAN("mean"),
    /** Attention MIL with tanh attention (Ilse et al.). */
    ABMIL("abmil"),
    /** Attention MIL with gated attention (CLAM). */
    GATED("gated"),
    /** The CNN over the compressed slide grid (NIC). */
    GRID("grid"),
    /** CLAM single-branch: gated attention, instance clustering loss on the top and bottom 8 tiles (smooth SVM). */
    CLAM_SB("clam-sb"),
    /** CLAM multi-branch: one attention branch and bag classifier per class, the same instance loss. */
    CLAM_MB("clam-mb"),
    /** TransMIL: squared token grid, class token, two exact multi-head attention layers around the PPEG. */
    TRANSMIL("transmil");

    /** Tiles CLAM samples at each end of the attention ranking (CLAM's default {@code k_sample}). */
    public static final int CLAM_K = 8;

    /** TransMIL's token width (the paper's is 512; 32 keeps its O(tokens^2) attention cheap on small cohorts). */
    public static final int TRANSMIL_DIM = 32;

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
            case CLAM_SB -> () -> ClamMil.builder().optHidden(128).optAttention(32).build();
            case CLAM_MB -> () -> ClamMil.builder().optMultiBranch(true).optHidden(128).optAttention(32).build();
            case TRANSMIL -> () -> TransMil.builder().optDim(TRANSMIL_DIM).optHeads(4).build();
        };
    }

    /**
     * The loss this model trains with, given the slide labels and all its outputs: {@link ClamLoss} (k = 8, smooth
     * SVM, bag weight 0.7) for CLAM, the cross-entropy of the slide logits for the others.
     */
    public Loss loss() {
        return this == CLAM_SB || this == CLAM_MB ? ClamLoss.of(CLAM_K) : new SlideLoss();
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

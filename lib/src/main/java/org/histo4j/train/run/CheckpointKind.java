package org.histo4j.train.run;

/** Which checkpoint of a run: the latest one, or the one with the best mean validation score so far. */
public enum CheckpointKind {
    /** The most recent checkpoint, under {@code checkpoints/last}. */
    LAST,
    /** The checkpoint with the highest mean validation score, under {@code checkpoints/best}. */
    BEST;

    /** The directory name of this checkpoint under {@code checkpoints/}. */
    public String directoryName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

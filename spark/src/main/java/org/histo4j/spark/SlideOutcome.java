package org.histo4j.spark;

import java.io.Serializable;

/**
 * What one slide's task reported to the driver: the bag written (or found fresh), or, after the last attempt, the
 * error.
 *
 * @param index the slide's row in the cohort
 * @param tiles the tiles in the bag (0 on failure)
 * @param tileSize the level-0 tile side (0 on failure)
 * @param skipped a fresh bag was already there
 * @param seconds wall time of the successful or last attempt
 * @param executor the executor id that ran it
 * @param attempt the attempt number (0 for the first)
 * @param error the failure's message, or null on success
 */
record SlideOutcome(int index, int tiles, long tileSize, boolean skipped, double seconds, String executor,
        int attempt, String error) implements Serializable {

    boolean failed() {
        return error != null;
    }
}

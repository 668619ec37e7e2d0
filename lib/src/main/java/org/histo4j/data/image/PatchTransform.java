package org.histo4j.data.image;

import java.util.random.RandomGenerator;

/**
 * One step of augmentation or preprocessing on a {@link Patch}.
 *
 * <p>To write your own: return a new patch (or the same one, unchanged) computed from the input and draws from
 * {@code rng} only, so that batches stay reproducible; never keep state between calls.
 */
@FunctionalInterface
public interface PatchTransform {

    /** Transforms a patch. */
    Patch apply(Patch patch, RandomGenerator rng);
}

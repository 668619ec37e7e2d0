package org.histo4j.transfer;

import java.util.List;

/**
 * Splits labelled, grouped samples into cross-validation folds. The probes and the protocol call it for the
 * outer folds and for the inner folds that choose the regularisation.
 *
 * <p>To write your own: return {@code folds} {@link Fold}s whose test parts partition the rows
 * {@code 0..labels.length-1}, each fold training on all other rows; keep every group entirely on one side of
 * every fold; give the same folds for the same seed. {@link GroupKFold} is the reference implementation.
 */
@FunctionalInterface
public interface FoldSplitter {

    /**
     * Splits rows into folds.
     *
     * @param labels the class of each row
     * @param groups the group of each row (patient, slide, image): a group never straddles train and test
     * @param folds the number of folds
     * @param seed the seed fixing the random choices
     * @return the folds, numbered from 0
     */
    List<Fold> split(int[] labels, String[] groups, int folds, long seed);
}

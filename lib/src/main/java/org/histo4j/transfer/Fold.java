package org.histo4j.transfer;

import java.util.Arrays;

/**
 * One fold of a cross-validation: the row indices used for training and those held out for testing.
 *
 * @param index the fold number, from 0
 * @param train the training rows, ascending
 * @param test the test rows, ascending
 */
public record Fold(int index, int[] train, int[] test) {

    /** Validates and copies the index arrays. */
    public Fold {
        if (index < 0) {
            throw new IllegalArgumentException("fold index must be >= 0, got " + index);
        }
        train = train.clone();
        test = test.clone();
    }

    /** The training rows (a copy). */
    @Override
    public int[] train() {
        return train.clone();
    }

    /** The test rows (a copy). */
    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fold f && f.index == index && Arrays.equals(f.train, train)
                && Arrays.equals(f.test, test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(train)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Fold[" + index + ", train=" + train.length + " rows, test=" + test.length + " rows]";
    }
}

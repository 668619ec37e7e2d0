package org.histo4j.data;

/** The part of a dataset a sample belongs to. */
public enum Split {
    /** Used to fit models. */
    TRAIN,
    /** Used to choose hyper-parameters and stop training. */
    VALIDATION,
    /** Used once, to report results. */
    TEST
}

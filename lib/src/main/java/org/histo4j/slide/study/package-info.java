/**
 * Slide-level studies: grouped cross-validation of slide classifiers over seeds (results in transfer's long table,
 * so its summaries and significance rules apply), saving and loading trained slide models, the lesion-fraction
 * study of notebook 05 and the quick synthetic study of the quickstart. Start with
 * {@link org.histo4j.slide.study.SlideCrossValidation} and {@link org.histo4j.slide.study.SlideStudy}.
 */
package org.histo4j.slide.study;

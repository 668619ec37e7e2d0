/**
 * The stages of {@code histo4j quickstart}, the main job: each runs one part of the study on the synthetic default,
 * writes its files into its own folder of the run directory and adds its summary to the report.
 */
package org.histo4j.cli.quickstart;

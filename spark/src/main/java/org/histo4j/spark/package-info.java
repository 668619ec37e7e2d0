/**
 * The optional Apache Spark runner of histo4j's two encoding jobs (slide cohorts into bags, image collections into
 * a feature cache): the driver lists the work, each executor loads the encoder once per JVM from a recipe (spec and
 * weights file path, never a live object) and runs the library's own {@link org.histo4j.slide.encode.SlideEncoder}
 * or {@link org.histo4j.transfer.FeatureExtractor}, so the output is that of one machine. Start with
 * {@link org.histo4j.spark.SparkEncoding}.
 */
package org.histo4j.spark;

/** {@code histo4j slide}: one file per subcommand (info, tile, cohort, encode, train, finetune, heatmap). */
package org.histo4j.cli.slide;

/**
 * The options several commands share, declared once as picocli mixins ({@code @Mixin EncoderOptions}): the device,
 * the tile encoder, the tiling of whole slides and the output folder. Each validates its values naming the option.
 */
package org.histo4j.cli.options;

/**
 * The options several commands share, declared once as picocli mixins ({@code @Mixin EncoderOptions}): the device,
 * the tile encoder, the tiling of whole slides and the output folder ({@code --out}, {@code --overwrite}: slide and
 * transfer commands), and {@link org.histo4j.cli.options.ConfigFile}, the {@code config.json} every command writes.
 * Each validates its values naming the option.
 */
package org.histo4j.cli.options;

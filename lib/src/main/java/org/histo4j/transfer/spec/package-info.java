/**
 * Naming the encoders a transfer evaluation runs, as short strings for the command line and notebooks: encoder
 * specs ({@link org.histo4j.transfer.spec.EncoderSpec}, turned into encoders by an
 * {@link org.histo4j.transfer.spec.EncoderResolver}). The data they run on is named by
 * {@link org.histo4j.data.source.DataSpec}.
 */
package org.histo4j.transfer.spec;

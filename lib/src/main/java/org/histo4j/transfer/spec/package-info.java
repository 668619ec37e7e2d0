/**
 * Naming the things a transfer evaluation runs on, as short strings for the command line and notebooks: encoder
 * specs ({@link org.histo4j.transfer.spec.EncoderSpec}, turned into encoders by an
 * {@link org.histo4j.transfer.spec.EncoderResolver}) and data specs ({@link org.histo4j.transfer.spec.DataSpec}).
 */
package org.histo4j.transfer.spec;

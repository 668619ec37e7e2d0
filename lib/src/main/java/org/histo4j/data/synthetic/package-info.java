/**
 * Synthetic histology, the embedded default data: a procedural painter of H&amp;E-like tissue (nuclei, stroma,
 * glands, fat, ...), tasks whose classes differ by tissue or nuclear features with a {@code signal} knob, and a
 * pool of related tasks plus held-out targets, so that everything runs without a download.
 */
package org.histo4j.data.synthetic;

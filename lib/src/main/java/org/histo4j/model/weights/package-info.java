/**
 * Weights in and out: PyTorch-style state dicts (.npz, .safetensors), DJL parameter files, the Keras HDF5 NIC
 * encoder; every loader refuses weights that do not fit, naming the parameter and both shapes.
 */
package org.histo4j.model.weights;

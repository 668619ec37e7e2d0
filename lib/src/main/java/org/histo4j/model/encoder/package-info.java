/**
 * Encoder implementations: torchvision-layout ResNet and DenseNet, the NIC encoder, TorchScript files, and the
 * helpers ({@link org.histo4j.model.encoder.TorchLayers}, {@link org.histo4j.model.encoder.BlockEncoder}) to
 * write your own with PyTorch parameter names.
 */
package org.histo4j.model.encoder;

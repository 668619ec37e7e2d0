/**
 * Encoders in torchvision's layout (with truncation and weight import), task heads and the multi-task network.
 * Knows nothing of training.
 *
 * <p>Entry points: {@link org.histo4j.model.Encoders#create(String)} and
 * {@link org.histo4j.model.Encoders#create(String, String)} (resnet18/34/50, densenet121, nic);
 * {@link org.histo4j.model.encoder.TorchScriptEncoder} for traced PyTorch models (ImageNet weights offline);
 * {@link org.histo4j.model.weights.StateDicts} (.npz/.safetensors by PyTorch name),
 * {@link org.histo4j.model.weights.DjlParameters} and {@link org.histo4j.model.weights.KerasNicWeights} for
 * weights; {@link org.histo4j.model.TaskHead#linear(int)}, {@link org.histo4j.model.TaskHead#mlp(int, int)} and
 * {@link org.histo4j.model.MultiTaskNetwork} for multi-task learning.
 */
package org.histo4j.model;

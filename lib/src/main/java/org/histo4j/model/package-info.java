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
 *
 * <p>Each encoder carries its own preprocessing ({@link org.histo4j.model.Encoder#inputSize()},
 * {@link org.histo4j.model.Encoder#normalization()}, together {@link org.histo4j.model.Encoder#preprocessing()}); the
 * image types themselves ({@code Normalization}, {@code ImagePipeline}) live in {@code org.histo4j.data.image}, so
 * {@code model} depends on {@code data} and never the reverse.
 */
package org.histo4j.model;

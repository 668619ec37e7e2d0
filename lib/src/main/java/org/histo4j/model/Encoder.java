package org.histo4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.histo4j.data.image.ImagePipeline;
import org.histo4j.data.image.Normalization;

/**
 * A patch encoder: a DJL {@link Block} mapping normalised images (N x 3 x H x W) to features (N x
 * {@link #featureWidth()}), with the preprocessing it expects and its parameters under PyTorch-style names.
 *
 * <p>An encoder carries its own preprocessing: {@link #inputSize()} and {@link #normalization()}, combined in
 * {@link #preprocessing()}, the one {@link ImagePipeline} every command uses to turn this encoder's images into
 * tensors. An encoder may hold native resources (a TorchScript model): close it when done; closing one that holds
 * none does nothing.
 *
 * <p>Built-in encoders come from {@link Encoders} (ResNet-18/34/50, DenseNet-121 in torchvision's layout, the
 * NIC encoder) and from {@link org.histo4j.model.encoder.TorchScriptEncoder} (a traced PyTorch model).
 *
 * <p>To write your own encoder (e.g. in a notebook cell):
 * <ol>
 *   <li>build the network as DJL blocks; create its convolutions, batch norms and linear layers through a
 *       {@link org.histo4j.model.encoder.TorchLayers} so every parameter gets the name PyTorch would give it
 *       (then state dicts and checkpoints map by name);</li>
 *   <li>end the block with a global pooling and a flatten so it returns N x width;</li>
 *   <li>wrap it: {@code BlockEncoder.builder().setName("mynet").setBlock(block).setFeatureWidth(width)
 *       .setInputSize(96).optNormalization(Normalization.IMAGENET).optNamedParameters(layers.parameters())
 *       .build()}.</li>
 * </ol>
 * Implementing this interface directly also works: keep {@link #namedParameters()} covering every parameter
 * of {@link #block()} so checkpoints of a {@link MultiTaskNetwork} are complete. A forward pass of your own does its
 * arithmetic with constants through {@link Scalars} (DJL's {@code x.mul(0.5f)} can hand backward freed memory).
 */
public interface Encoder extends AutoCloseable {

    /** The identity of this encoder, including a truncation point: {@code "resnet18"}, {@code "densenet121@denseblock3"}. */
    String name();

    /** The architecture without truncation, e.g. {@code "resnet50"}. */
    String architecture();

    /** The network: normalised N x 3 x H x W images in, N x {@link #featureWidth()} features out. */
    Block block();

    /** The width of the feature vector this encoder returns (after truncation and pooling). */
    int featureWidth();

    /** The side of the square input the encoder was designed or trained for (224, or 64 for NIC). */
    int inputSize();

    /** The normalisation the encoder expects on RGB images in [0, 1]. */
    Normalization normalization();

    /**
     * The encoder's own image path: resize to {@link #inputSize()}, no augmentation, no stain normaliser, then
     * {@link #normalization()}. Callers derive variants with {@link ImagePipeline#withSize},
     * {@link ImagePipeline#withAugmentation} and {@link ImagePipeline#withStainNormalizer}.
     */
    default ImagePipeline preprocessing() {
        return ImagePipeline.of(inputSize(), normalization());
    }

    /** The block after which the network is cut (then globally average pooled), or empty for the whole encoder. */
    Optional<String> truncatedAfter();

    /**
     * Every parameter of {@link #block()} by its PyTorch state-dict name, in state-dict order (e.g.
     * {@code layer1.0.conv1.weight}, {@code features.denseblock1.denselayer1.norm1.running_mean}).
     */
    Map<String, Parameter> namedParameters();

    /** The shape of a batch of {@code batch} images of {@link #inputSize()} pixels. */
    default Shape inputShape(int batch) {
        return new Shape(batch, 3, inputSize(), inputSize());
    }

    /** Initialises the parameters in {@code manager} (float32) if they are not initialised yet; returns this. */
    default Encoder initialize(NDManager manager) {
        if (!block().isInitialized()) {
            block().initialize(manager, DataType.FLOAT32, inputShape(1));
        }
        return this;
    }

    /**
     * Features of RGB images in [0, 1] (N x 3 x H x W): normalises (the same floats as {@link #preprocessing()}
     * gives), then runs the block in inference mode.
     */
    default NDArray features(NDArray images) {
        return encode(normalization().apply(images));
    }

    /** Features of decoded images, each through {@link #preprocessing()}; the result lives in {@code manager}. */
    default NDArray features(NDManager manager, List<BufferedImage> images) {
        int size = inputSize();
        return encode(manager.create(preprocessing().tensor(images), new Shape(images.size(), 3, size, size)));
    }

    /** Features of images already through {@link #preprocessing()} (normalised), the block in inference mode. */
    default NDArray encode(NDArray prepared) {
        return encode(prepared, new ParameterStore(prepared.getManager(), false));
    }

    /**
     * {@link #encode(NDArray)} reading the parameters from {@code parameters}, e.g. an {@link InferenceParameters}
     * holding copies on other devices or in a lower precision (then {@code prepared} is in that precision too).
     */
    default NDArray encode(NDArray prepared, ParameterStore parameters) {
        return block().forward(parameters, new NDList(prepared), false).singletonOrThrow();
    }

    /**
     * The number of trainable values (parameters that take gradients, so not batch-norm running statistics);
     * call after {@link #initialize(NDManager)}.
     */
    default long trainableParameterCount() {
        return namedParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.isInitialized() ? p.getArray().getShape().size() : p.getShape().size()).sum();
    }

    /** Releases native resources the encoder holds of its own (none by default; a TorchScript model has one). */
    @Override
    default void close() {}
}

package org.histo4j.model.encoder;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.data.image.Normalization;

/**
 * An encoder loaded from a TorchScript file (a model traced or scripted in PyTorch and saved with
 * {@code torch.jit.save}) through DJL's PyTorch engine: the offline route for ImageNet weights. Trace the
 * feature extractor, not the classifier, e.g.
 * <pre>
 * m = torchvision.models.resnet18(weights="IMAGENET1K_V1"); m.fc = torch.nn.Identity(); m.eval()
 * torch.jit.trace(m, torch.zeros(1, 3, 224, 224)).save("resnet18-imagenet.pt")
 * </pre>
 * Files traced by PyTorch 1.13 load in DJL's libtorch 2.7.1 and give the same features. The feature width is
 * found by running one blank image through the model unless given. Parameters keep the names TorchScript
 * reports ({@code layer1.0.conv1.weight} for a traced torchvision ResNet). Close it to free the native model.
 *
 * <p>Transformer (ViT foundation-model) encoders: a {@link TorchScriptConfig} JSON beside the file gives the input
 * size and normalisation (explicit builder values win), and, when it declares {@code blocks}, the module's tokens
 * method lets {@link Builder#optReadout} choose the feature: the class token or the mean of the patch tokens
 * ({@code cls}, {@code mean}), after all blocks or after block K ({@code blockK}, {@code blockK_mean}). Without a
 * readout the module's own {@code forward} (N x D) is used.
 */
public final class TorchScriptEncoder implements Encoder {

    private final ZooModel<NDList, NDList> model;
    private final String name;
    private final int inputSize;
    private final int featureWidth;
    private final Normalization normalization;
    private final Map<String, Parameter> namedParameters;
    private final TransformerReadout readout;
    private final Block block;

    private TorchScriptEncoder(Builder builder, ZooModel<NDList, NDList> model, TorchScriptConfig config) {
        this.model = model;
        this.readout = builder.readout;
        String base = builder.name != null ? builder.name : stem(builder.path);
        this.name = readout == null ? base : base + "@" + readout;
        this.inputSize = builder.inputSize > 0 ? builder.inputSize : config.inputSize();
        this.normalization = builder.normalization != null ? builder.normalization : config.normalization();
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : model.getBlock().getParameters()) {
            names.put(pair.getKey(), pair.getValue());
        }
        this.namedParameters = Collections.unmodifiableMap(names);
        if (readout == null) {
            this.block = model.getBlock();
            this.featureWidth = builder.featureWidth > 0 ? builder.featureWidth : probeWidth(block);
        } else {
            int depth = readout.block().orElse(config.blocks());
            TokenReadoutBlock tokens = new TokenReadoutBlock(model.getBlock(), config.tokensMethod(), depth,
                    readout.pooling(), 0);
            this.featureWidth = builder.featureWidth > 0 ? builder.featureWidth : probeWidth(tokens);
            this.block = tokens.withWidth(featureWidth);
        }
    }

    /** A builder: {@code setPath} and {@code setInputSize} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns {@code "torchscript"}. */
    @Override
    public String architecture() {
        return "torchscript";
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public int featureWidth() {
        return featureWidth;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    /** The transformer readout ({@code cls}, {@code block8_mean}...), empty when the module is used whole. */
    @Override
    public Optional<String> truncatedAfter() {
        return Optional.ofNullable(readout).map(TransformerReadout::toString);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return namedParameters;
    }

    /** The loaded parameters live with the model; this does nothing. */
    @Override
    public Encoder initialize(NDManager manager) {
        return this;
    }

    /** The NDManager that owns the model's parameters. */
    public NDManager manager() {
        return model.getNDManager();
    }

    /** Frees the native model. */
    @Override
    public void close() {
        model.close();
    }

    private int probeWidth(Block probed) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = probed.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(inputShape(1))), false);
            if (out.size() != 1 || out.head().getShape().dimension() != 2) {
                throw new Histo4jException("TorchScript encoder " + name + " must return one N x width array, got "
                        + out.getShapes().length + " outputs " + java.util.Arrays.toString(out.getShapes()));
            }
            return Math.toIntExact(out.head().getShape().get(1));
        }
    }

    private static String stem(Path path) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** Builds a {@link TorchScriptEncoder}; {@code build()} loads the file. */
    public static final class Builder {
        private Path path;
        private String name;
        private int inputSize;
        private int featureWidth;
        private Normalization normalization;
        private TransformerReadout readout;
        private Device device;
        private boolean trainable = true;

        private Builder() {}

        /** Whether the parameters take gradients, for fine-tuning or multi-task training (default true). */
        public Builder optTrainable(boolean trainable) {
            this.trainable = trainable;
            return this;
        }

        /** The TorchScript file (required). */
        public Builder setPath(Path path) {
            this.path = path;
            return this;
        }

        /** The side of the square input in pixels, e.g. 224 (required unless the JSON beside the file gives it). */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** The encoder's identity (default: the file name without extension), e.g. {@code resnet18-imagenet}. */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** The feature width, when known (default: measured with one blank image). */
        public Builder optFeatureWidth(int featureWidth) {
            this.featureWidth = featureWidth;
            return this;
        }

        /**
         * A transformer's feature: class token or mean of patch tokens, after all or K blocks (default none: the
         * module's forward). Needs {@code blocks} in the JSON beside the file.
         */
        public Builder optReadout(TransformerReadout readout) {
            this.readout = readout;
            return this;
        }

        /** The normalisation the model expects (default: the JSON beside the file's, else ImageNet). */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** The device (default: the engine's default device). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Validates and loads the file. */
        public TorchScriptEncoder build() {
            if (path == null) {
                throw new IllegalArgumentException("TorchScriptEncoder path is required");
            }
            if (inputSize < 0) {
                throw new IllegalArgumentException("TorchScriptEncoder inputSize must be positive, got " + inputSize);
            }
            if (!Files.isRegularFile(path)) {
                throw new Histo4jException("TorchScript file not found: " + path);
            }
            Optional<TorchScriptConfig> beside = TorchScriptConfig.besides(path);
            if (inputSize == 0 && beside.isEmpty()) {
                throw new IllegalArgumentException("TorchScriptEncoder inputSize: call setInputSize(...) or write "
                        + TorchScriptConfig.sidecar(path) + " with \"input_size\"");
            }
            TorchScriptConfig config = beside.orElseGet(() -> new TorchScriptConfig(inputSize, Normalization.IMAGENET,
                    0, "forward_tokens"));
            if (readout != null && config.blocks() == 0) {
                throw new IllegalArgumentException("TorchScriptEncoder readout " + readout + ": " + path
                        + " does not expose its blocks (no \"blocks\" in " + TorchScriptConfig.sidecar(path) + ")");
            }
            if (readout != null && readout.block().orElse(0) > config.blocks()) {
                throw new IllegalArgumentException("TorchScriptEncoder readout " + readout + ": the model has "
                        + config.blocks() + " blocks");
            }
            Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optModelPath(path).optEngine("PyTorch").optOption("trainParam", String.valueOf(trainable))
                    .optDevice(device != null ? device : Engine.getEngine("PyTorch").defaultDevice()).build();
            ZooModel<NDList, NDList> model;
            try {
                model = criteria.loadModel();
            } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
                throw new Histo4jException("cannot load TorchScript file " + path + ": " + Histo4jException.reason(e), e);
            }
            try {
                return new TorchScriptEncoder(this, model, config);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }
}

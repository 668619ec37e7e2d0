package org.histo4j.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;

/**
 * Reads and writes PyTorch-style state dicts (arrays by name, e.g. {@code layer1.0.conv1.weight}) as NumPy
 * {@code .npz} or {@code .safetensors} files, the two named-array formats DJL decodes itself. A torchvision
 * state dict is converted once with Python:
 * <pre>
 * import numpy as np, torchvision
 * sd = torchvision.models.resnet18(weights="IMAGENET1K_V1").state_dict()
 * np.savez("resnet18.npz", **{k: v.numpy() for k, v in sd.items()})
 * </pre>
 * (or {@code safetensors.torch.save_file(sd, "resnet18.safetensors")}). A {@code torch.save} pickle ({@code .pt})
 * cannot be read by DJL outside TorchScript and is refused with that advice. Entries the encoder does not have
 * ({@code num_batches_tracked}, a classifier the encoder lacks, blocks after a truncation point) are ignored and
 * listed in the result.
 */
public final class StateDicts {

    private StateDicts() {}

    /**
     * Loads a state dict into an initialised encoder by name.
     *
     * @return the names in the file that the encoder has no parameter for
     * @throws Histo4jException if the file is missing or unreadable, or a parameter is missing or has another shape
     */
    public static List<String> load(Encoder encoder, Path file) {
        Map<String, Parameter> target = encoder.namedParameters();
        try (NDManager manager = NDManager.newBaseManager(); NDList arrays = read(manager, file)) {
            Map<String, NDArray> values = new LinkedHashMap<>();
            for (NDArray array : arrays) {
                values.put(array.getName(), array);
            }
            Weights.assign(target, values, "state dict " + file + " for " + encoder.name());
            List<String> ignored = new ArrayList<>(values.keySet());
            ignored.removeAll(target.keySet());
            return ignored;
        }
    }

    /** Writes the encoder's parameters by PyTorch name as an {@code .npz} file (readable by {@code numpy.load}). */
    public static void save(Encoder encoder, Path file) {
        try (NDManager manager = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            NDList list = new NDList();
            for (Map.Entry<String, Parameter> entry : encoder.namedParameters().entrySet()) {
                NDArray copy = entry.getValue().getArray().toDevice(manager.getDevice(), true);
                copy.attach(manager);
                copy.setName(entry.getKey());
                list.add(copy);
            }
            list.encode(out, NDList.Encoding.NPZ);
        } catch (IOException e) {
            throw new Histo4jException("cannot write state dict " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /** Reads the named arrays of an {@code .npz} or {@code .safetensors} file into {@code manager}. */
    public static NDList read(NDManager manager, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("state dict not found: " + file);
        }
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".pt") || lower.endsWith(".pth") || lower.endsWith(".bin")) {
            throw new Histo4jException("cannot read torch.save pickle " + file
                    + "; convert it to .npz (numpy.savez) or .safetensors, or trace the model to TorchScript");
        }
        try (InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(manager, in);
            for (NDArray array : list) {
                if (array.getName() == null) {
                    throw new Histo4jException("state dict " + file + " has unnamed arrays; save it with names "
                            + "(numpy.savez(path, **state_dict))");
                }
            }
            return list;
        } catch (IOException | IllegalArgumentException e) {
            throw new Histo4jException("cannot read state dict " + file + " (expected .npz or .safetensors): "
                    + Histo4jException.reason(e), e);
        }
    }
}

package org.histo4j.model.weights;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;

/**
 * Saves and loads an encoder's parameters in DJL's own parameter format: the stream of
 * {@link Block#saveParameters} (what this class writes), or a {@code .params} file written by DJL's
 * {@code Model.save} (its {@code DJL@} header is skipped). DJL's format is positional and does not check
 * shapes, so after loading each parameter's shape is compared with the network's; on the first mismatch the
 * previous values are put back and a Histo4jException names the parameter and both shapes.
 */
public final class DjlParameters {

    private static final byte[] MODEL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

    private DjlParameters() {}

    /** Writes the encoder's (initialised) parameters with {@link Block#saveParameters}. */
    public static void save(Encoder encoder, Path file) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            encoder.block().saveParameters(out);
        } catch (IOException e) {
            throw new Histo4jException("cannot write DJL parameters " + file + ": " + Histo4jException.reason(e), e);
        }
    }

    /** Loads a DJL parameter file into the encoder (initialised), refusing one of another architecture. */
    public static void load(Encoder encoder, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("DJL parameter file not found: " + file);
        }
        Map<String, Parameter> named = encoder.namedParameters();
        Map<Parameter, NDArray> previous = new IdentityHashMap<>();
        for (Map.Entry<String, Parameter> entry : named.entrySet()) {
            if (!entry.getValue().isInitialized()) {
                throw new IllegalStateException("parameter " + entry.getKey()
                        + " is not initialised; call encoder.initialize(manager) before loading weights");
            }
            previous.put(entry.getValue(), entry.getValue().getArray());
        }
        NDManager manager = named.values().iterator().next().getArray().getManager();
        String source = "DJL parameter file " + file + " for " + encoder.name();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            skipModelHeader(in);
            encoder.block().loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            restore(previous);
            throw new Histo4jException("cannot read " + source + ": " + Histo4jException.reason(e), e);
        }
        checkShapes(named, previous, source);
        previous.forEach((parameter, old) -> {
            old.close();
            parameter.freeze(!parameter.requiresGradient());
        });
    }

    private static void checkShapes(Map<String, Parameter> named, Map<Parameter, NDArray> previous, String source) {
        for (Map.Entry<String, Parameter> entry : named.entrySet()) {
            Parameter parameter = entry.getValue();
            Shape expected = previous.get(parameter).getShape();
            Shape loaded = parameter.getArray().getShape();
            if (!loaded.equals(expected)) {
                restore(previous);
                throw new Histo4jException(source + " does not fit: parameter " + entry.getKey() + " has shape "
                        + loaded + " in the file but " + expected + " in the network");
            }
        }
    }

    /** Skips the header DJL's {@code Model.save} writes before the block's parameters, if there is one. */
    private static void skipModelHeader(DataInputStream in) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(4);
        if (!java.util.Arrays.equals(magic, MODEL_MAGIC)) {
            in.reset();
            return;
        }
        int version = in.readInt();
        if (version != 1) {
            throw new IOException("unsupported DJL model file version " + version);
        }
        in.readUTF(); // model name
        in.readUTF(); // data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            Shape.decode(in);
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
    }

    /** Puts back (copies of) the arrays the parameters held before a failed load (DJL's load replaces them). */
    private static void restore(Map<Parameter, NDArray> previous) {
        previous.forEach((parameter, old) -> {
            if (parameter.isInitialized() && parameter.getArray() == old) {
                return;
            }
            NDArray loaded = parameter.isInitialized() ? parameter.getArray() : null;
            replace(parameter, old);
            old.close();
            if (loaded != null) {
                loaded.close();
            }
        });
    }

    /** Points {@code parameter} at {@code array}, through the only public way DJL allows after initialisation. */
    private static void replace(Parameter parameter, NDArray array) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeChar('P');
            out.writeByte(1);
            out.writeUTF(parameter.getName());
            out.write(array.encode());
            out.flush();
            parameter.load(array.getManager(), new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            parameter.freeze(!parameter.requiresGradient());
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore parameter " + parameter.getName(), e);
        }
    }
}

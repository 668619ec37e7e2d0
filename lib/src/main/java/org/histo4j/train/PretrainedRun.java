package org.histo4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.Histo4jException;
import org.histo4j.model.Encoder;
import org.histo4j.model.weights.Weights;
import org.histo4j.train.run.CheckpointKind;

/**
 * The encoder a pre-training run learnt, for transfer evaluation ({@code run:RUN_DIR}) or fine-tuning: the
 * architecture comes from the run's {@code config.json}, the weights from its best checkpoint (its last one when
 * no validation has happened yet). The heads are not loaded, so runs with heads of your own load too.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     PretrainedRun run = PretrainedRun.load(Path.of("runs/nic-600"), manager);
 *     NDArray features = run.encoder().features(images);
 * }
 * }</pre>
 *
 * @param runDir the run directory
 * @param config the run's configuration
 * @param checkpoint which checkpoint the weights come from
 * @param encoder the encoder with the checkpoint's weights, its parameters in the manager given to {@link #load}
 */
public record PretrainedRun(Path runDir, PretrainConfig config, CheckpointKind checkpoint, Encoder encoder) {

    private static final String ARCHITECTURE_ENTRY = "histo4j.architecture";

    /** Loads the encoder of the best (else the last) checkpoint of {@code runDir} into {@code manager}. */
    public static PretrainedRun load(Path runDir, NDManager manager) {
        PretrainConfig config = readConfig(runDir);
        for (CheckpointKind kind : new CheckpointKind[] {CheckpointKind.BEST, CheckpointKind.LAST}) {
            Path file = runDir.resolve("checkpoints").resolve(kind.directoryName()).resolve("parameters")
                    .resolve(TrainingSession.NETWORK_FILE);
            if (Files.isRegularFile(file)) {
                return new PretrainedRun(runDir, config, kind, loadEncoder(config, file, manager));
            }
        }
        throw new Histo4jException("run directory " + runDir + " has no checkpoint yet");
    }

    /** Reads the {@code config.json} of a pre-training run (see {@link PretrainConfigFile}). */
    public static PretrainConfig readConfig(Path runDir) {
        return PretrainConfigFile.read(runDir);
    }

    private static Encoder loadEncoder(PretrainConfig config, Path file, NDManager manager) {
        Encoder encoder = config.model().newEncoder();
        encoder.initialize(manager);
        try (NDManager scratch = NDManager.newBaseManager(); InputStream in = Files.newInputStream(file);
                NDList list = NDList.decode(scratch, in)) {
            NDArray architecture = list.get(ARCHITECTURE_ENTRY);
            String stored = architecture == null ? "" : new String(architecture.toByteArray(), StandardCharsets.UTF_8);
            if (!stored.startsWith("encoder=" + encoder.name() + ";")) {
                throw new Histo4jException("checkpoint " + file + " is not of encoder " + encoder.name() + ": "
                        + stored);
            }
            Map<String, NDArray> values = new LinkedHashMap<>();
            for (NDArray array : list) {
                if (array.getName().startsWith("encoder.")) {
                    values.put(array.getName().substring("encoder.".length()), array);
                }
            }
            Weights.assign(encoder.namedParameters(), values, "checkpoint " + file);
            return encoder;
        } catch (IOException e) {
            throw new Histo4jException("cannot read checkpoint " + file + ": " + Histo4jException.reason(e), e);
        }
    }
}

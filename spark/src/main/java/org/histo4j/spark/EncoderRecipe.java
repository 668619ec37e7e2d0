package org.histo4j.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.SparkRunner;
import org.histo4j.data.image.StainNormalizer;
import org.histo4j.data.stain.MacenkoNormalizer;
import org.histo4j.slide.encode.SlideStain;
import org.histo4j.model.Encoder;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;

/**
 * How to load and run an encoder anywhere: its spec text (cut point included), the NIC weights file, the input size
 * of TorchScript encoders, the device, the stain normalisation (its saved JSON) and libtorch's intra-op thread count. Sent to
 * executors instead of a live encoder; paths must be readable there (shared storage).
 *
 * <p>The thread count is part of the recipe because libtorch's CPU kernels split their reductions by thread: the
 * same convolution on 1 and on 2 intra-op threads can differ in the last bit of a float. Spark starts executors with
 * {@code OMP_NUM_THREADS} = {@code spark.task.cpus} (1 by default), while a run on one machine uses one thread per
 * core; so the driver records its own count and every task sets it on its thread before encoding
 * ({@link #applyThreads()}), and the bags are the driver's bags wherever they are computed.
 *
 * @param spec the encoder spec, e.g. {@code random:nic:1} or {@code torchscript:/shared/resnet.pt@layer3}
 * @param nicWeights the Keras file of {@code nic} specs without a path, absolute, or null
 * @param inputSize the input side of TorchScript encoders
 * @param device the device name ({@code cpu}, {@code gpu0})
 * @param stain the stain normalisation: the normaliser's JSON, whether it is fitted per slide, and its identity
 * @param intraOpThreads libtorch's intra-op threads on the thread that encodes
 */
public record EncoderRecipe(String spec, String nicWeights, int inputSize, String device, SparkRunner.Stain stain,
        int intraOpThreads) implements Serializable {

    /** Validates the thread count and that the stain normalisation rebuilds to the driver's identity. */
    public EncoderRecipe {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        String rebuilt = slideStain(stain).identity();
        if (!rebuilt.equals(stain.identity())) {
            throw new Histo4jException("the Spark runner rebuilt stain normaliser " + rebuilt + " instead of the"
                    + " driver's " + stain.identity() + "; run without --spark");
        }
    }

    /**
     * The recipe of a job's encoding, with the driver's intra-op thread count (what a run on this machine uses:
     * {@code -Dai.djl.pytorch.num_threads} or one per core) and NIC weights defaulting to the driver's.
     */
    public static EncoderRecipe of(SparkRunner.Encoding encoding) {
        Path weights = encoding.nicWeights() != null ? encoding.nicWeights() : EncoderResolver.defaults().nicWeights();
        return new EncoderRecipe(encoding.spec(), weights == null ? null : weights.toAbsolutePath().toString(),
                encoding.inputSize(), encoding.device(), encoding.stain(), driverThreads());
    }

    /** libtorch's intra-op threads on this thread (the engine is started if it was not). */
    static int driverThreads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    /**
     * Sets this recipe's intra-op thread count on the calling thread (libtorch's OpenMP count is per thread), starting
     * the engine first if this JVM has not yet (a fresh executor).
     */
    public void applyThreads() {
        Engine.getInstance();
        if (JniUtils.getNumThreads() != intraOpThreads) {
            JniUtils.setNumThreads(intraOpThreads);
        }
    }

    /** The device the encoder computes on. */
    public Device onDevice() {
        return Device.fromName(device);
    }

    /** The stain normaliser of every image (for a per-slide fit, the reference the slides are mapped to). */
    public StainNormalizer stainNormalizer() {
        return slideStain().normalizer();
    }

    /** How each slide's tiles are normalised, rebuilt from the recipe. */
    public SlideStain slideStain() {
        return slideStain(stain);
    }

    private static SlideStain slideStain(SparkRunner.Stain stain) {
        if (stain.json() == null) {
            return SlideStain.NONE;
        }
        org.histo4j.data.stain.StainNormalizer normalizer;
        try {
            normalizer = org.histo4j.data.stain.StainNormalizer.fromJson(new ObjectMapper().readTree(stain.json()));
        } catch (IOException | IllegalArgumentException e) {
            throw new Histo4jException("the Spark runner cannot rebuild stain normaliser " + stain.identity() + ": "
                    + e.getMessage(), e);
        }
        if (stain.perSlide() && normalizer instanceof MacenkoNormalizer macenko) {
            return SlideStain.macenkoPerSlide(macenko);
        }
        return SlideStain.of(normalizer);
    }

    /** The parsed spec. */
    public EncoderSpec parsed() {
        return EncoderSpec.parse(spec);
    }

    /** A freshly loaded encoder, its arrays in {@code manager}. */
    public Encoder load(NDManager manager) {
        EncoderResolver.Builder builder = EncoderResolver.builder().optTorchScriptInputSize(inputSize);
        if (nicWeights != null) {
            builder.optNicWeights(Path.of(nicWeights));
        }
        return builder.build().create(parsed(), manager);
    }
}

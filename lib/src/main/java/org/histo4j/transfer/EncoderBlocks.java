package org.histo4j.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.histo4j.data.ImageSource;
import org.histo4j.model.Devices;
import org.histo4j.model.Encoder;
import org.histo4j.model.Encoders;
import org.histo4j.model.encoder.BlockEncoder;

/**
 * The blocks of an encoder whose network is a {@link SequentialBlock}: named points after which it can be cut,
 * a cut view that shares the encoder's parameters, and the globally average-pooled activations after every
 * point in one pass (for layer-by-layer CKA and the truncation study).
 *
 * <p>Points: for a built-in architecture with truncation points ({@link Encoders#truncationPoints}), those points,
 * each ending where the built-in truncated network ends; otherwise one point {@code blockK} after the K-th
 * top-level batch norm and a last point {@code output} (the whole network). {@code blockK} also names the K-th
 * point counted from 1 without the stem (ResNet: {@code block1} is {@code layer1}; DenseNet: the K-th of
 * denseblock1, transition1, ...). An encoder whose network is not sequential (a TorchScript model) has the single
 * point {@code output}, and cannot be cut.
 *
 * <p>Pooling: an activation of shape N x C x H x W becomes its mean over H and W (N x C); an N x D output is kept.
 */
public final class EncoderBlocks {

    /** The name of the point after the whole network. */
    public static final String OUTPUT = "output";

    private final Encoder encoder;
    private final List<String> names;
    private final List<Integer> ends;

    private EncoderBlocks(Encoder encoder, List<String> names, List<Integer> ends) {
        this.encoder = encoder;
        this.names = List.copyOf(names);
        this.ends = List.copyOf(ends);
    }

    /** The blocks of an initialised, uncut encoder. */
    public static EncoderBlocks of(Encoder encoder) {
        if (encoder.truncatedAfter().isPresent()) {
            throw new IllegalArgumentException("encoder " + encoder.name() + " is already cut; give the whole encoder");
        }
        if (!(encoder.block() instanceof SequentialBlock net)) {
            return new EncoderBlocks(encoder, List.of(OUTPUT), List.of(-1));
        }
        List<String> names = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<String> points = Encoders.ARCHITECTURES.contains(encoder.architecture())
                ? Encoders.truncationPoints(encoder.architecture()) : List.of();
        if (!points.isEmpty()) {
            for (String point : points) {
                names.add(point);
                ends.add(childCount(Encoders.create(encoder.architecture(), point).block()) - 1);
            }
        } else {
            List<Block> children = net.getChildren().values();
            for (int i = 0; i < children.size(); i++) {
                if (children.get(i) instanceof BatchNorm) {
                    names.add("block" + (names.size() + 1));
                    ends.add(i + 1);
                }
            }
            names.add(OUTPUT);
            ends.add(children.size());
        }
        return new EncoderBlocks(encoder, names, ends);
    }

    /** The encoder these blocks belong to. */
    public Encoder encoder() {
        return encoder;
    }

    /** The point names, in network order. */
    public List<String> points() {
        return names;
    }

    /**
     * The point a truncation name designates: a point name as is, or {@code blockK} (see the class comment).
     *
     * @throws IllegalArgumentException listing the points when the name matches none
     */
    public String resolve(String truncation) {
        if (names.contains(truncation)) {
            return truncation;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("block([1-9][0-9]*)").matcher(truncation);
        if (m.matches()) {
            List<String> blocks = names.stream().filter(n -> !n.equals("stem")).toList();
            int k = Integer.parseInt(m.group(1));
            if (k <= blocks.size()) {
                return blocks.get(k - 1);
            }
        }
        throw new IllegalArgumentException("encoder " + encoder.name() + " has no block '" + truncation
                + "'; its points are " + names + " (or block1..block" + names.stream().filter(n -> !n.equals("stem"))
                        .count() + ")");
    }

    /**
     * The encoder cut after {@code truncation} (a point or {@code blockK}) and pooled, sharing this encoder's
     * parameters (training one trains the other); the whole encoder itself for the last point. The encoder must
     * be initialised: the view only records its input shapes and allocates nothing.
     */
    public Encoder truncate(String truncation) {
        String point = resolve(truncation);
        int end = ends.get(names.indexOf(point));
        if (point.equals(names.getLast())) {
            return encoder;
        }
        SequentialBlock net = (SequentialBlock) encoder.block();
        SequentialBlock prefix = new SequentialBlock();
        net.getChildren().values().subList(0, end).forEach(prefix::add);
        Shape out = prefix.getOutputShapes(new Shape[] {encoder.inputShape(1)})[0];
        if (out.dimension() == 4) {
            prefix.add(new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock()));
        }
        try (NDManager unused = NDManager.newBaseManager()) {
            prefix.initialize(unused, DataType.FLOAT32, encoder.inputShape(1));
        }
        return BlockEncoder.builder().setName(encoder.name()).optArchitecture(encoder.architecture())
                .setBlock(prefix).setFeatureWidth(Math.toIntExact(out.get(1))).setInputSize(encoder.inputSize())
                .optNormalization(encoder.normalization()).optTruncatedAfter(point)
                .optNamedParameters(namedSubset(prefix)).build();
    }

    private Map<String, Parameter> namedSubset(Block prefix) {
        Set<Parameter> inside = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pair<String, Parameter> pair : prefix.getParameters()) {
            inside.add(pair.getValue());
        }
        Map<String, Parameter> named = new LinkedHashMap<>();
        encoder.namedParameters().forEach((name, parameter) -> {
            if (inside.contains(parameter)) {
                named.put(name, parameter);
            }
        });
        return named;
    }

    /**
     * The pooled activations after every point for every image of {@code source}, in source order, in one pass
     * per batch; {@code progress} gets the number of images done.
     */
    public LayerActivations activations(ImageSource source, int batchSize, IntConsumer progress) {
        int n = source.size();
        List<float[][]> layers = new ArrayList<>();
        names.forEach(name -> layers.add(new float[n][]));
        try (NDManager manager = NDManager.newBaseManager(Devices.of(encoder))) {
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                List<BufferedImage> images = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    images.add(source.read(i));
                }
                try (NDManager batch = manager.newSubManager()) {
                    int size = encoder.inputSize();
                    NDArray prepared = batch.create(encoder.preprocessing().tensor(images),
                            new Shape(images.size(), 3, size, size));
                    List<float[][]> rows = forward(batch, prepared);
                    for (int p = 0; p < names.size(); p++) {
                        System.arraycopy(rows.get(p), 0, layers.get(p), start, end - start);
                    }
                }
                progress.accept(end);
            }
        }
        return new LayerActivations(encoder.name(), names, layers);
    }

    /** The pooled activations after every point, from images already through the encoder's preprocessing. */
    private List<float[][]> forward(NDManager manager, NDArray prepared) {
        List<float[][]> out = new ArrayList<>();
        if (!(encoder.block() instanceof SequentialBlock net)) {
            out.add(rows(encoder.encode(prepared)));
            return out;
        }
        ParameterStore store = new ParameterStore(manager, false);
        NDList x = new NDList(prepared);
        List<Block> children = net.getChildren().values();
        int point = 0;
        for (int i = 0; i < children.size() && point < ends.size(); i++) {
            x = children.get(i).forward(store, x, false);
            while (point < ends.size() && ends.get(point) == i + 1) {
                out.add(rows(pool(x.singletonOrThrow())));
                point++;
            }
        }
        return out;
    }

    private static NDArray pool(NDArray x) {
        return x.getShape().dimension() == 4 ? x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2}) : x;
    }

    private static float[][] rows(NDArray x) {
        int n = Math.toIntExact(x.getShape().get(0));
        int width = Math.toIntExact(x.getShape().size() / n);
        float[] flat = x.toFloatArray();
        float[][] rows = new float[n][width];
        for (int r = 0; r < n; r++) {
            System.arraycopy(flat, r * width, rows[r], 0, width);
        }
        return rows;
    }

    private static int childCount(Block block) {
        return ((SequentialBlock) block).getChildren().size();
    }

    /**
     * Pooled activations of one encoder after each of its points, every layer holding the same images in the same
     * order.
     *
     * @param encoder the encoder name
     * @param points the point names
     * @param layers one n x width matrix per point
     */
    public record LayerActivations(String encoder, List<String> points, List<float[][]> layers) {

        /** Copies the lists (not the matrices). */
        public LayerActivations {
            points = List.copyOf(points);
            layers = List.copyOf(layers);
        }

        /** The activations after one point, as a feature set with the labels, groups and paths of {@code source}. */
        public FeatureSet featureSet(String point, ImageSource source) {
            int p = points.indexOf(point);
            if (p < 0) {
                throw new IllegalArgumentException("no point '" + point + "' in " + points);
            }
            return FeatureSet.of(source, layers.get(p));
        }
    }
}

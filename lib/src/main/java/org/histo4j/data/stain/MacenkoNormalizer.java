package org.histo4j.data.stain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.histo4j.data.image.Patch;

/**
 * Macenko et al. (2009) stain normalisation, and Vahadane et al. (2016)'s, which differs only in how the stain vectors
 * are found: each image's hematoxylin and eosin vectors and concentrations are estimated ({@link StainMatrix}), each
 * concentration is rescaled so that its 99th percentile on tissue matches the reference's, and the image is rebuilt
 * from the reference's vectors: {@code I = exp(-(h_ref c_H maxH_ref / maxH + e_ref c_E maxE_ref / maxE))}, clamped to
 * [0, 1]. Optical densities are clipped at {@code maxOd} before unmixing (default 3, intensity 0.05), so that black
 * specks and pen marks do not dominate. With several references, their tissue pixels are pooled before estimation.
 *
 * <p>Build with {@code MacenkoNormalizer.builder().addReference(patch).build()}; defaults {@code beta = 0.15},
 * {@code alpha = 1} (percent), {@code maxOd = 3}, {@code minTissueFraction = 0.05}. {@link #STANDARD} is the
 * reference matrix most Macenko implementations ship.
 *
 * <p><b>Vahadane.</b> {@code MacenkoNormalizer.vahadaneBuilder()} estimates the vectors by sparse non-negative
 * factorisation of the tissue's optical densities ({@code lambda = 0.1} as StainTools; see
 * {@link StainMatrix#estimateSparse}), which keeps each pixel to as few stains as it can rather than taking the
 * extreme angles of the stain plane, so a few outlying pixels move it less. Its method name is {@code vahadane}.
 * Concentrations are then the same least-squares unmixing as Macenko's (Vahadane's paper solves a lasso per pixel;
 * the unmixing here keeps the rebuild a table look-up), so the two differ in the vectors only.
 *
 * <p><b>Fixed source.</b> By default each image's own stains are estimated. {@link #withSource} fixes them instead
 * (e.g. fitted once on a whole slide's tissue thumbnail, {@code slide encode --stain macenko:slide}): every image is
 * then unmixed with those vectors and rebuilt with the reference's, nothing is estimated per image, and the source
 * is part of the saved JSON and so of the {@link #identity()}.
 *
 * <p><b>Speed.</b> An image of more than {@value #ESTIMATION_SAMPLE} pixels is estimated on every k-th pixel
 * ({@code k = n / }{@value #ESTIMATION_SAMPLE}, rounded down): the eigenvectors and percentiles of a few thousand
 * tissue pixels agree with those of all of them to well under a degree, and the estimate then costs a fixed time
 * per tile, while the rebuild of every pixel is table look-ups ({@code exp(-M . OD)} as a product of 9 tables of
 * 256 factors). So an estimate is invariant to the order of the pixels of images up to that size, and up to
 * sampling above it.
 */
public final class MacenkoNormalizer extends AbstractStainNormalizer {

    /**
     * The H&amp;E reference of the Macenko et al. (2009) reference implementation, as torchstain, StainTools and
     * HistomicsTK ship it: H = (0.5626, 0.7201, 0.4062), E = (0.2159, 0.8012, 0.5581), 99th concentration
     * percentiles (1.9705, 1.0308). (Those tools compute OD against a background of 240 rather than 255, so their
     * percentiles sit slightly higher than ours would on the same image; tissue normalised to it is as dark.)
     */
    public static final StainMatrix STANDARD = new StainMatrix(new double[] {0.5626, 0.7201, 0.4062},
            new double[] {0.2159, 0.8012, 0.5581}, 1.9705, 1.0308);

    /** The most pixels an image's stains are estimated on (see the class comment). */
    public static final int ESTIMATION_SAMPLE = 4096;

    /** How the stain vectors of an image are found. */
    public enum Estimation {
        /** Macenko et al. (2009): the extreme angles of the tissue's optical densities in their principal plane. */
        MACENKO,
        /** Vahadane et al. (2016): sparse non-negative factorisation of the optical densities. */
        VAHADANE;

        /** {@code macenko} or {@code vahadane}, the method name in JSON and on the command line. */
        public String method() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The estimation whose {@link #method()} is {@code method}, if any. */
        public static Optional<Estimation> byMethod(String method) {
            return Arrays.stream(values()).filter(e -> e.method().equals(method)).findFirst();
        }
    }

    /** Vahadane's sparsity weight when none is given: 0.1, as StainTools. */
    public static final double DEFAULT_LAMBDA = 0.1;

    private final Estimation estimation;
    private final double lambda;
    private final StainMatrix reference;
    private final StainMatrix source;
    private final double beta;
    private final double alpha;
    private final double maxOd;
    private final double minTissueFraction;

    private MacenkoNormalizer(Estimation estimation, double lambda, StainMatrix reference, StainMatrix source,
            double beta, double alpha, double maxOd, double minTissue) {
        this.estimation = estimation;
        this.lambda = lambda;
        this.reference = reference;
        this.source = source;
        this.beta = beta;
        this.alpha = alpha;
        this.maxOd = maxOd;
        this.minTissueFraction = minTissue;
    }

    /** Starts a builder of Macenko's normaliser. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a builder of Vahadane's normaliser (the same options, plus {@link Builder#optLambda}). */
    public static Builder vahadaneBuilder() {
        return builder(Estimation.VAHADANE);
    }

    /** Starts a builder of the normaliser whose stain vectors are found by {@code estimation}. */
    public static Builder builder(Estimation estimation) {
        return new Builder().optEstimation(estimation);
    }

    /** How this normaliser finds stain vectors. */
    public Estimation estimation() {
        return estimation;
    }

    /** The reference's stain vectors and concentration percentiles. */
    public StainMatrix reference() {
        return reference;
    }

    /** The fixed source stains every image is unmixed with, or {@code null} when each image's are estimated. */
    public StainMatrix source() {
        return source;
    }

    /**
     * This normaliser with its options and reference, unmixing every image with the fixed {@code stains} instead of
     * estimating each image's (see the class comment).
     */
    public MacenkoNormalizer withSource(StainMatrix stains) {
        if (stains == null) {
            throw new IllegalArgumentException("withSource: a stain matrix is required");
        }
        return new MacenkoNormalizer(estimation, lambda, reference, stains, beta, alpha, maxOd, minTissueFraction);
    }

    /**
     * The stain matrix of one image with this normaliser's options, or {@code null} when the image is nearly all
     * background or its stains cannot be estimated; large images are sampled (see the class comment).
     */
    public StainMatrix estimate(Patch patch) {
        return estimate(StainMath.packedLevels(patch));
    }

    /** {@link #estimate(Patch)} of packed {@code 0xRRGGBB} levels. */
    private StainMatrix estimate(int[] rgb) {
        double[] od = estimationSample(rgb);
        return enoughTissue(StainMath.countTissue(od, beta), od.length / 3, minTissueFraction)
                ? stains(estimation, od, beta, alpha, lambda, maxOd) : null;
    }

    private static StainMatrix stains(Estimation estimation, double[] od, double beta, double alpha, double lambda,
            double maxOd) {
        return estimation == Estimation.VAHADANE ? StainMatrix.estimateSparse(od, beta, lambda, maxOd)
                : StainMatrix.estimate(od, beta, alpha, maxOd);
    }

    /**
     * The optical densities of every k-th pixel of packed {@code 0xRRGGBB} levels, at most about
     * {@value #ESTIMATION_SAMPLE} of them, on which stains are estimated (see the class comment).
     */
    static double[] estimationSample(int[] rgb) {
        return StainMath.opticalDensity(rgb, Math.max(1, rgb.length / ESTIMATION_SAMPLE));
    }

    @Override
    public String method() {
        return estimation.method();
    }

    @Override
    protected Patch transform(Patch patch) {
        return transform(StainMath.packedLevels(patch), patch.width(), patch.height());
    }

    /** Reads the image's 8-bit pixels once, with no float patch in between (the image path's form). */
    @Override
    protected Patch transform(BufferedImage image) {
        return transform(Patch.packedRgb(image), image.getWidth(), image.getHeight());
    }

    private Patch transform(int[] rgb, int width, int height) {
        StainMatrix stains = source != null ? source : estimate(rgb);
        if (stains == null) {
            return null;
        }
        float[] factors = factors(stains);
        int n = width * height;
        float[] out = new float[3 * n];
        // one fused pass: three 8-bit levels in, three products of table factors out (no boxing, no log or exp)
        for (int i = 0; i < n; i++) {
            int pixel = rgb[i];
            int r = (pixel >> 16) & 255;
            int g = 256 + ((pixel >> 8) & 255);
            int b = 512 + (pixel & 255);
            out[i] = Math.min(1f, factors[r] * factors[g] * factors[b]);
            out[n + i] = Math.min(1f, factors[768 + r] * factors[768 + g] * factors[768 + b]);
            out[2 * n + i] = Math.min(1f, factors[1536 + r] * factors[1536 + g] * factors[1536 + b]);
        }
        return new Patch(width, height, out);
    }

    /**
     * The rebuild {@code exp(-M . OD)} from {@code stains} to the reference as table factors: with
     * {@code OD_out = h_ref c_H sh + e_ref c_E se} and {@code c = P . OD}, one 3x3 matrix
     * {@code M = h_ref sh P_H + e_ref se P_E}; {@code exp(-(M . OD)) = prod_c exp(-M_kc OD_c)} and each {@code OD_c}
     * takes one of 256 values, so 9 tables of 256 factors ({@code factors[(3 k + c) * 256 + level]}).
     */
    private float[] factors(StainMatrix stains) {
        double sh = reference.maxH() / stains.maxH();
        double se = reference.maxE() / stains.maxE();
        double[] h = reference.hematoxylin();
        double[] e = reference.eosin();
        double[] p = stains.unmixing();
        float[] factors = new float[9 * 256];
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 3; c++) {
                double m = h[k] * sh * p[c] + e[k] * se * p[3 + c];
                for (int level = 0; level < 256; level++) {
                    double od = Math.min(StainMath.opticalDensity(level), maxOd);
                    factors[(3 * k + c) * 256 + level] = (float) Math.exp(-m * od);
                }
            }
        }
        return factors;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = StainJson.MAPPER.createObjectNode();
        json.put("method", method());
        json.set("hematoxylin", StainJson.array(reference.hematoxylin()));
        json.set("eosin", StainJson.array(reference.eosin()));
        json.set("maxConcentrations", StainJson.array(new double[] {reference.maxH(), reference.maxE()}));
        json.put("beta", beta);
        json.put("alpha", alpha);
        json.put("maxOd", maxOd);
        json.put("minTissueFraction", minTissueFraction);
        if (estimation == Estimation.VAHADANE) {
            json.put("lambda", lambda);
        }
        if (source != null) {
            ObjectNode fixed = json.putObject("source");
            fixed.set("hematoxylin", StainJson.array(source.hematoxylin()));
            fixed.set("eosin", StainJson.array(source.eosin()));
            fixed.set("maxConcentrations", StainJson.array(new double[] {source.maxH(), source.maxE()}));
        }
        return json;
    }

    /** Rebuilds a saved normaliser. */
    static MacenkoNormalizer fromJson(JsonNode json) {
        Estimation estimation = Estimation.byMethod(json.path("method").asText()).orElseThrow();
        Builder builder = builder(estimation);
        if (estimation == Estimation.VAHADANE) {
            builder.optLambda(StainJson.number(json, "lambda"));
        }
        MacenkoNormalizer loaded = builder.optReference(matrix(json)).optBeta(StainJson.number(json, "beta"))
                .optAlpha(StainJson.number(json, "alpha")).optMaxOd(StainJson.number(json, "maxOd"))
                .optMinTissueFraction(StainJson.number(json, "minTissueFraction")).build();
        return json.has("source") ? loaded.withSource(matrix(json.get("source"))) : loaded;
    }

    private static StainMatrix matrix(JsonNode json) {
        double[] max = StainJson.numbers(json, "maxConcentrations", 2);
        return new StainMatrix(StainJson.numbers(json, "hematoxylin", 3), StainJson.numbers(json, "eosin", 3), max[0],
                max[1]);
    }

    /** Configures and fits a {@link MacenkoNormalizer}: one or more references, or a known reference matrix. */
    public static final class Builder {
        private final List<Patch> references = new ArrayList<>();
        private Estimation estimation = Estimation.MACENKO;
        private double lambda = DEFAULT_LAMBDA;
        private StainMatrix matrix;
        private double beta = 0.15;
        private double alpha = 1;
        private double maxOd = 3;
        private double minTissueFraction = 0.05;

        private Builder() {}

        /** Adds a reference image whose stains the normaliser maps to. */
        public Builder addReference(Patch reference) {
            references.add(reference);
            return this;
        }

        /** Uses a known reference stain matrix instead of fitting on images. */
        public Builder optReference(StainMatrix reference) {
            this.matrix = reference;
            return this;
        }

        /** How stain vectors are found (default {@link Estimation#MACENKO}). */
        public Builder optEstimation(Estimation value) {
            estimation = value;
            return this;
        }

        /** Vahadane's sparsity weight on the concentrations (default 0.1). */
        public Builder optLambda(double value) {
            lambda = value;
            return this;
        }

        /** The OD norm from which a pixel counts as tissue (default 0.15). */
        public Builder optBeta(double value) {
            beta = value;
            return this;
        }

        /** The percentile of the angles taken as the extreme stain directions (default 1, i.e. 1st and 99th). */
        public Builder optAlpha(double value) {
            alpha = value;
            return this;
        }

        /** The OD at which each channel is clipped (default 3). */
        public Builder optMaxOd(double value) {
            maxOd = value;
            return this;
        }

        /** The share of tissue pixels below which an image passes through unchanged (default 0.05). */
        public Builder optMinTissueFraction(double value) {
            minTissueFraction = value;
            return this;
        }

        /** Validates, fits on the references and builds. */
        public MacenkoNormalizer build() {
            StainOptions.check(beta, maxOd, minTissueFraction);
            if (estimation == null) {
                throw new IllegalArgumentException("estimation: MACENKO or VAHADANE is required");
            }
            if (!(lambda > 0 && lambda < 10)) {
                throw new IllegalArgumentException("lambda must be in (0, 10), got " + lambda);
            }
            if (!(alpha >= 0 && alpha < 50)) {
                throw new IllegalArgumentException("alpha must be in [0, 50), got " + alpha);
            }
            if ((matrix == null) == references.isEmpty()) {
                throw new IllegalArgumentException("reference: give either addReference images or optReference,"
                        + " exactly one of them");
            }
            StainMatrix fitted = matrix;
            if (fitted == null) {
                fitted = stains(estimation, StainOptions.pooled(references), beta, alpha, lambda, maxOd);
                if (fitted == null) {
                    throw new IllegalArgumentException("addReference: the stains of the reference images cannot be"
                            + " estimated (too little tissue, or a single stain)");
                }
            }
            return new MacenkoNormalizer(estimation, lambda, fitted, null, beta, alpha, maxOd, minTissueFraction);
        }
    }
}

package org.histo4j.data.stain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.histo4j.data.image.Patch;

/**
 * Reinhard et al. (2001) colour transfer, in CIE L*a*b* (D65) rather than the original l-alpha-beta: on the tissue
 * pixels of an image ({@code |OD| >= beta}), each channel becomes {@code (x - mean_src) / std_src * std_ref +
 * mean_ref}, where the means and population standard deviations are taken over tissue pixels only, so that the
 * amount of glass in a tile does not shift its colours. Background pixels are left as they are; the output is
 * clamped to [0, 1]. With several references, their tissue pixels are pooled.
 *
 * <p>Build with {@code ReinhardNormalizer.builder().addReference(patch).build()}; defaults {@code beta = 0.15},
 * {@code minTissueFraction = 0.05}. An image whose tissue has a channel of zero spread passes through.
 */
public final class ReinhardNormalizer extends AbstractStainNormalizer {

    private final double[] mean;
    private final double[] std;
    private final double beta;
    private final double minTissueFraction;

    private ReinhardNormalizer(double[] mean, double[] std, double beta, double minTissueFraction) {
        this.mean = mean.clone();
        this.std = std.clone();
        this.beta = beta;
        this.minTissueFraction = minTissueFraction;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reference's tissue mean of L*, a*, b* (a copy). */
    public double[] referenceMean() {
        return mean.clone();
    }

    /** The reference's tissue standard deviation of L*, a*, b* (a copy). */
    public double[] referenceStd() {
        return std.clone();
    }

    @Override
    public String method() {
        return "reinhard";
    }

    /**
     * The L*a*b* mean (first 3) and population standard deviation (last 3) of the tissue pixels of the images, or
     * {@code null} when fewer than 16 pixels are tissue or the tissue is less than {@code minFraction} of the pixels.
     */
    public static double[] tissueStatistics(List<Patch> patches, double beta, double minFraction) {
        double[] sum = new double[3];
        double[] squares = new double[3];
        double[] lab = new double[3];
        long count = 0;
        long pixels = 0;
        for (Patch p : patches) {
            int n = p.width() * p.height();
            pixels += n;
            float[] in = p.pixels();
            double[] od = StainMath.opticalDensity(p);
            for (int i = 0; i < n; i++) {
                if (StainMath.isTissue(od, i, beta)) {
                    StainMath.labOfLevels(in[i], in[n + i], in[2 * n + i], lab);
                    for (int c = 0; c < 3; c++) {
                        sum[c] += lab[c];
                        squares[c] += lab[c] * lab[c];
                    }
                    count++;
                }
            }
        }
        if (count < 16 || count < minFraction * pixels) {
            return null;
        }
        double[] stats = new double[6];
        for (int c = 0; c < 3; c++) {
            stats[c] = sum[c] / count;
            stats[3 + c] = Math.sqrt(Math.max(0, squares[c] / count - stats[c] * stats[c]));
        }
        return stats;
    }

    @Override
    protected Patch transform(Patch patch) {
        int n = patch.width() * patch.height();
        float[] in = patch.pixels();
        double[] od = StainMath.opticalDensity(patch);
        int[] tissue = new int[n];
        double[] labs = new double[3 * n];
        double[] sum = new double[3];
        double[] lab = new double[3];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (StainMath.isTissue(od, i, beta)) {
                StainMath.labOfLevels(in[i], in[n + i], in[2 * n + i], lab);
                for (int c = 0; c < 3; c++) {
                    labs[3 * count + c] = lab[c];
                    sum[c] += lab[c];
                }
                tissue[count++] = i;
            }
        }
        if (!enoughTissue(count, n, minTissueFraction)) {
            return null;
        }
        double[] scale = new double[3];
        double[] shift = new double[3];
        for (int c = 0; c < 3; c++) {
            double m = sum[c] / count;
            double squares = 0;
            for (int t = 0; t < count; t++) {
                double d = labs[3 * t + c] - m;
                squares += d * d;
            }
            double sd = Math.sqrt(squares / count);
            if (!(sd > 1e-6)) {
                return null;
            }
            scale[c] = std[c] / sd;
            shift[c] = mean[c] - m * scale[c];
        }
        float[] out = in.clone();
        double[] rgb = new double[3];
        for (int t = 0; t < count; t++) {
            StainMath.rgb(labs[3 * t] * scale[0] + shift[0], labs[3 * t + 1] * scale[1] + shift[1],
                    labs[3 * t + 2] * scale[2] + shift[2], rgb);
            int i = tissue[t];
            for (int c = 0; c < 3; c++) {
                out[c * n + i] = (float) Math.max(0, Math.min(1, rgb[c]));
            }
        }
        return new Patch(patch.width(), patch.height(), out);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = StainJson.MAPPER.createObjectNode();
        json.put("method", method());
        json.set("labMean", StainJson.array(mean));
        json.set("labStd", StainJson.array(std));
        json.put("beta", beta);
        json.put("minTissueFraction", minTissueFraction);
        return json;
    }

    /** Rebuilds a saved normaliser. */
    static ReinhardNormalizer fromJson(JsonNode json) {
        return builder().optReference(StainJson.numbers(json, "labMean", 3), StainJson.numbers(json, "labStd", 3))
                .optBeta(StainJson.number(json, "beta"))
                .optMinTissueFraction(StainJson.number(json, "minTissueFraction")).build();
    }

    /** Configures and fits a {@link ReinhardNormalizer}: one or more references, or known statistics. */
    public static final class Builder {
        private final List<Patch> references = new ArrayList<>();
        private double[] mean;
        private double[] std;
        private double beta = 0.15;
        private double minTissueFraction = 0.05;

        private Builder() {}

        /** Adds a reference image whose colour statistics the normaliser maps to. */
        public Builder addReference(Patch reference) {
            references.add(reference);
            return this;
        }

        /** Uses known reference statistics (L*a*b* means and standard deviations) instead of images. */
        public Builder optReference(double[] labMean, double[] labStd) {
            this.mean = labMean.clone();
            this.std = labStd.clone();
            return this;
        }

        /** The OD norm from which a pixel counts as tissue (default 0.15). */
        public Builder optBeta(double value) {
            beta = value;
            return this;
        }

        /** The share of tissue pixels below which an image passes through unchanged (default 0.05). */
        public Builder optMinTissueFraction(double value) {
            minTissueFraction = value;
            return this;
        }

        /** Validates, fits on the references and builds. */
        public ReinhardNormalizer build() {
            StainOptions.check(beta, Double.MAX_VALUE, minTissueFraction);
            if ((mean == null) == references.isEmpty()) {
                throw new IllegalArgumentException("reference: give either addReference images or optReference,"
                        + " exactly one of them");
            }
            double[] m = mean;
            double[] s = std;
            if (m == null) {
                double[] stats = tissueStatistics(references, beta, 0);
                if (stats == null) {
                    throw new IllegalArgumentException("addReference: the reference images hold fewer than 16"
                            + " tissue pixels");
                }
                m = new double[] {stats[0], stats[1], stats[2]};
                s = new double[] {stats[3], stats[4], stats[5]};
            }
            if (m.length != 3 || s.length != 3 || !(s[0] > 0 && s[1] > 0 && s[2] > 0)) {
                throw new IllegalArgumentException("optReference: 3 means and 3 positive standard deviations needed");
            }
            return new ReinhardNormalizer(m, s, beta, minTissueFraction);
        }
    }
}

package org.histo4j.slide.synthetic;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.histo4j.data.synthetic.Lab;
import org.histo4j.data.synthetic.TissuePainter;
import org.histo4j.data.synthetic.TissueSpec;
import org.histo4j.data.synthetic.TissueType;

/**
 * Paints synthetic slides with the H&amp;E-like textures of {@link TissuePainter}: glass where there is no tissue,
 * a mosaic of normal tissues (by default stroma, glands and fat) in the tissue islands, and a lesion tissue (by
 * default tumour) in the lesions. Fast enough for whole slides: each tissue is painted once per slide into a
 * square block of {@code B x B} pixels (B a multiple of the painter's 256-pixel texture period, so textures run on
 * across block edges), and a strip copies pixels from the blocks at {@code ((x + o_x) mod B, (y + o_y) mod B)}.
 *
 * <p>Which normal tissue a pixel shows is decided by a smooth random field
 * {@code f(x, y) = sum_i cos(a_i x + b_i y + p_i)} (4 waves of wavelength 600-2400 pixels), cut at its empirical
 * quantiles so each normal tissue covers about the same share; it is computed exactly per pixel from per-column
 * tables through {@code cos(u + v) = cos u cos v - sin u sin v}. Each slide gets its own stain variation: channel
 * absorbances scaled by factors in [0.88, 1.12]; a {@link Lab} ({@link Builder#optLab}) then re-stains the tissue
 * with its own H and E vectors and intensities.
 */
public final class HistologySlidePainter implements SlidePainter {

    private static final int WAVES = 4;

    private final int block;
    private final int mask;
    private final int[] glass;
    private final int[][] normal;
    private final int[] lesion;
    private final int[] offsets;
    private final double[][] waves;
    private final double[] cuts;
    private final String labName;

    private HistologySlidePainter(Builder b, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.block = b.blockSize;
        this.mask = block - 1;
        float[] tint = new float[3];
        for (int c = 0; c < 3; c++) {
            tint[c] = (float) (0.88 + 0.24 * random.nextDouble());
        }
        this.glass = paintBlock(TissueSpec.of(TissueType.BACKGROUND), random.nextLong(), null, Lab.DEFAULT);
        this.normal = b.normal.stream().map(spec -> paintBlock(spec, random.nextLong(), tint, b.lab))
                .toArray(int[][]::new);
        this.lesion = paintBlock(b.lesion, random.nextLong(), tint, b.lab);
        this.offsets = random.ints(2 * (normal.length + 2), 0, block).toArray();
        this.waves = new double[WAVES][];
        for (int i = 0; i < WAVES; i++) {
            double wavelength = 600 + 1800 * random.nextDouble();
            double angle = Math.PI * random.nextDouble();
            double k = 2 * Math.PI / wavelength;
            waves[i] = new double[] {k * Math.cos(angle), k * Math.sin(angle), 2 * Math.PI * random.nextDouble()};
        }
        this.cuts = quantileCuts(random, normal.length);
        this.labName = b.lab.name();
    }

    @Override
    public String labName() {
        return labName;
    }

    /** A painter with the default tissues (stroma, glands, fat; tumour lesions), for the slide of {@code seed}. */
    public static HistologySlidePainter create(long seed) {
        return builder().build(seed);
    }

    /** The default painter for each slide seed, as {@link SyntheticCohort.Builder#setPainter} takes it. */
    public static LongFunction<SlidePainter> perSlide() {
        Builder builder = builder();
        return builder::build;
    }

    /**
     * The default tissues for each slide seed, each slide stained in one of {@code labs}, drawn from the slide seed
     * (not from the slide's position, which decides its label in {@link SyntheticCohort}), so a cohort mixes labs
     * independently of the labels.
     */
    public static LongFunction<SlidePainter> perSlide(List<Lab> labs) {
        if (labs.isEmpty()) {
            throw new IllegalArgumentException("labs: at least one lab is needed");
        }
        List<Lab> copy = List.copyOf(labs);
        return slideSeed -> builder().optLab(copy.get(labOf(slideSeed, copy.size()))).build(slideSeed);
    }

    /** The index of the lab of the slide of {@code slideSeed} among {@code labs} labs. */
    public static int labOf(long slideSeed, int labs) {
        return new SplittableRandom(slideSeed ^ 0x5DEECE66DL).nextInt(labs);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void paint(int y0, int width, int rows, Tissue[] kinds, byte[] rgb) {
        double[][] columnCos = new double[WAVES][width];
        double[][] columnSin = new double[WAVES][width];
        for (int i = 0; i < WAVES; i++) {
            for (int x = 0; x < width; x++) {
                double u = waves[i][0] * x + waves[i][2];
                columnCos[i][x] = Math.cos(u);
                columnSin[i][x] = Math.sin(u);
            }
        }
        double[] rowCos = new double[WAVES];
        double[] rowSin = new double[WAVES];
        for (int r = 0; r < rows; r++) {
            int y = y0 + r;
            for (int i = 0; i < WAVES; i++) {
                rowCos[i] = Math.cos(waves[i][1] * y);
                rowSin[i] = Math.sin(waves[i][1] * y);
            }
            for (int x = 0; x < width; x++) {
                int i = r * width + x;
                int colour = switch (kinds[i]) {
                    case BACKGROUND -> sample(glass, 0, x, y);
                    case LESION -> sample(lesion, 1, x, y);
                    case NORMAL -> {
                        int type = normalType(columnCos, columnSin, rowCos, rowSin, x);
                        yield sample(normal[type], 2 + type, x, y);
                    }
                };
                rgb[3 * i] = (byte) (colour >> 16);
                rgb[3 * i + 1] = (byte) (colour >> 8);
                rgb[3 * i + 2] = (byte) colour;
            }
        }
    }

    private int sample(int[] pixels, int which, int x, int y) {
        int bx = (x + offsets[2 * which]) & mask;
        int by = (y + offsets[2 * which + 1]) & mask;
        return pixels[by * block + bx];
    }

    private int normalType(double[][] columnCos, double[][] columnSin, double[] rowCos, double[] rowSin, int x) {
        double f = 0;
        for (int i = 0; i < WAVES; i++) {
            f += columnCos[i][x] * rowCos[i] - columnSin[i][x] * rowSin[i];
        }
        int type = 0;
        while (type < cuts.length && f > cuts[type]) {
            type++;
        }
        return type;
    }

    /** The field values cutting it into {@code parts} equal shares, estimated from random points. */
    private double[] quantileCuts(SplittableRandom random, int parts) {
        double[] samples = new double[8192];
        for (int s = 0; s < samples.length; s++) {
            double x = random.nextDouble() * 100_000;
            double y = random.nextDouble() * 100_000;
            for (double[] w : waves) {
                samples[s] += Math.cos(w[0] * x + w[1] * y + w[2]);
            }
        }
        Arrays.sort(samples);
        double[] result = new double[parts - 1];
        for (int p = 1; p < parts; p++) {
            result[p - 1] = samples[p * samples.length / parts];
        }
        return result;
    }

    private int[] paintBlock(TissueSpec spec, long seed, float[] tint, Lab lab) {
        BufferedImage image = TissuePainter.paint(new TissueSpec[] {spec}, new byte[block * block], block, block,
                seed, tint, lab);
        return image.getRGB(0, 0, block, block, null, 0, block);
    }

    /** Configures the tissues of a {@link HistologySlidePainter}. */
    public static final class Builder {
        private List<TissueSpec> normal = List.of(TissueSpec.of(TissueType.STROMA), TissueSpec.of(TissueType.GLAND),
                TissueSpec.of(TissueType.FAT));
        private TissueSpec lesion = TissueSpec.of(TissueType.TUMOUR);
        private int blockSize = 1024;
        private Lab lab = Lab.DEFAULT;

        private Builder() {}

        /** The normal tissues of the mosaic (default stroma, glands, fat). */
        public Builder optNormal(TissueSpec... tissues) {
            this.normal = List.of(tissues);
            return this;
        }

        /** The lesion tissue (default tumour). */
        public Builder optLesion(TissueSpec tissue) {
            this.lesion = tissue;
            return this;
        }

        /** The lab that stains the tissue (default {@link Lab#DEFAULT}; glass is unstained in every lab). */
        public Builder optLab(Lab value) {
            this.lab = value;
            return this;
        }

        /** The side of the painted blocks, a power of two of at least 256 (default 1024). */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** Paints the blocks of the slide of {@code seed} and returns its painter. */
        public HistologySlidePainter build(long seed) {
            if (normal.isEmpty()) {
                throw new IllegalArgumentException("normal: at least one normal tissue is required");
            }
            if (lab == null) {
                throw new IllegalArgumentException("lab: a lab is required (Lab.DEFAULT for today's colours)");
            }
            if (lesion == null) {
                throw new IllegalArgumentException("lesion: a lesion tissue is required");
            }
            if (blockSize < 256 || Integer.bitCount(blockSize) != 1) {
                throw new IllegalArgumentException("blockSize must be a power of two >= 256, got " + blockSize);
            }
            return new HistologySlidePainter(this, seed);
        }
    }
}

package org.histo4j.data.synthetic;

/**
 * A tissue as the painter draws it: a {@link TissueType} and multipliers on its default nuclei, so that classes can
 * differ by tissue (stroma vs tumour) or by nuclear features within a tissue (size, crowding, shape, darkness).
 *
 * @param type        the tissue
 * @param density     multiplier on the number of nuclei per area (1 = the type's default)
 * @param size        multiplier on nuclear radius
 * @param elongation  multiplier on nuclear elongation (long axis / short axis, at least 1 after scaling)
 * @param darkness    multiplier on hematoxylin intensity (hyperchromasia above 1)
 */
public record TissueSpec(TissueType type, double density, double size, double elongation, double darkness) {

    /** Validates the multipliers. */
    public TissueSpec {
        if (type == null) {
            throw new IllegalArgumentException("tissue type is null");
        }
        if (!(density >= 0) || !(size > 0) || !(elongation > 0) || !(darkness > 0)) {
            throw new IllegalArgumentException("tissue multipliers must be positive: density " + density
                    + ", size " + size + ", elongation " + elongation + ", darkness " + darkness);
        }
    }

    /** The tissue with its default nuclei. */
    public static TissueSpec of(TissueType type) {
        return new TissueSpec(type, 1, 1, 1, 1);
    }

    /** The same tissue with another density multiplier. */
    public TissueSpec withDensity(double value) {
        return new TissueSpec(type, value, size, elongation, darkness);
    }

    /** The same tissue with another size multiplier. */
    public TissueSpec withSize(double value) {
        return new TissueSpec(type, density, value, elongation, darkness);
    }

    /** The same tissue with another elongation multiplier. */
    public TissueSpec withElongation(double value) {
        return new TissueSpec(type, density, size, value, darkness);
    }

    /** The same tissue with another darkness multiplier. */
    public TissueSpec withDarkness(double value) {
        return new TissueSpec(type, density, size, elongation, value);
    }
}

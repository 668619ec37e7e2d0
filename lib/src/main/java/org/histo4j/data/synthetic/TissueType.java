package org.histo4j.data.synthetic;

/**
 * The kinds of tissue the painter draws, each with its H&amp;E colours, texture and default nuclei
 * (density per 1000 pixels, radius in pixels at about 0.5 microns per pixel, elongation and darkness).
 */
public enum TissueType {
    /** Glass: near-white, no nuclei. */
    BACKGROUND(0xEEECF0, 0xE6E2EA, 0, 0, 1, 0),
    /** Eosin-pink collagen fibres with sparse spindle nuclei. */
    STROMA(0xF2BCD6, 0xD47AA8, 1.2, 2.6, 2.6, 0.85),
    /** Adipocytes: white vacuoles bounded by thin pink membranes, rare flat nuclei. */
    FAT(0xF6F3F6, 0xD896BC, 1.5, 2.2, 2.5, 0.8),
    /** Glands: white lumens lined by an epithelial ring of regular nuclei, in pink stroma. */
    GLAND(0xF4EEF4, 0xC08CC4, 16.0, 3.0, 1.3, 0.9),
    /** Tumour: sheets of purple cells with large, crowded, irregular nuclei. */
    TUMOUR(0xC896C8, 0xA86EB0, 9.0, 4.0, 1.3, 1.0),
    /** Lymphocytes: very dense small round dark nuclei. */
    LYMPHOCYTES(0xE0B4D8, 0xC89AC8, 22.0, 2.1, 1.05, 1.2),
    /** Necrosis: pale mottled eosin with fragmented nuclear debris. */
    NECROSIS(0xF0BED2, 0xD898B8, 10.0, 1.1, 1.6, 1.1),
    /** Mucus: pale blue-grey wisps with few cells. */
    MUCUS(0xD8D4EA, 0xBCB4DC, 0.4, 2.6, 1.4, 0.7),
    /** Smooth muscle: deep pink-red bundles with cigar-shaped nuclei. */
    MUSCLE(0xE08AB0, 0xC45C8C, 2.0, 2.4, 3.5, 0.9);

    final int colourA;
    final int colourB;
    final double density;
    final double radius;
    final double elongation;
    final double darkness;

    TissueType(int colourA, int colourB, double density, double radius, double elongation, double darkness) {
        this.colourA = colourA;
        this.colourB = colourB;
        this.density = density;
        this.radius = radius;
        this.elongation = elongation;
        this.darkness = darkness;
    }
}

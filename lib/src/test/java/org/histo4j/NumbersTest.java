package org.histo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void keepsThreeSignificantDigits() {
        assertEquals("0.757", Numbers.significant(0.7574074074074074));
        assertEquals("12.3", Numbers.significant(12.34567));
        assertEquals("0.00131", Numbers.significant(0.0013149));
        assertEquals("0.500", Numbers.significant(0.5));
        assertEquals("-0.0421", Numbers.significant(-0.04213));
        assertEquals("15.0", Numbers.significant(15));
        assertEquals("1000", Numbers.significant(999.7));
    }

    @Test
    void neverDropsDigitsBeforeThePointNorWritesLongZeros() {
        assertEquals("1235", Numbers.significant(1234.6));
        assertEquals("1.20e-05", Numbers.significant(0.000012));
        assertEquals("0", Numbers.significant(0));
        assertEquals("n/a", Numbers.significant(Double.NaN));
    }

    @Test
    void meanAndStdShareOneCell() {
        assertEquals("0.812 ± 0.0131", Numbers.meanStd(0.81234, 0.013149));
        assertEquals("0.812 ± n/a", Numbers.meanStd(0.81234, Double.NaN));
    }
}

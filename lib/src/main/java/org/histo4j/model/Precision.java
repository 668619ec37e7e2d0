package org.histo4j.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The floating-point precision an encoder runs inference in: {@code fp32} (the default, as trained), {@code fp16}
 * or {@code bf16} (half the memory traffic; tensor cores on a GPU). Parameters and inputs are cast to it, features
 * come back as float32. Measured on the CPU (ResNet-18 at 64 px, see the package documentation of
 * {@code org.histo4j.transfer}): bf16 changes features by about 1% of their scale and a linear probe's accuracy by
 * well under a point.
 */
public enum Precision {
    /** 32-bit floats (IEEE single). */
    FP32(DataType.FLOAT32),
    /** 16-bit IEEE half floats: 10-bit mantissa, range up to 65504. */
    FP16(DataType.FLOAT16),
    /** 16-bit brain floats: float32's range, 7-bit mantissa. */
    BF16(DataType.BFLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The engine's data type. */
    public DataType dataType() {
        return dataType;
    }

    /** Reads {@code fp32}, {@code fp16} or {@code bf16} (case-insensitive). */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.toString().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a precision: expected fp32, fp16 or bf16");
    }

    /** {@code fp32}, {@code fp16} or {@code bf16}, as run configurations and cache provenance record it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

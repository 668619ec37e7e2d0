package org.histo4j.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The floating-point precision an encoder runs inference in: {@code fp32} (the default, as trained), {@code fp16}
 * (half the memory traffic; tensor cores on a GPU) or {@code bf16}. Parameters and inputs are cast to it, features
 * come back as float32.
 *
 * <p>{@code bf16} is refused for now ({@link #checkAvailable()}): DJL 0.35.1's PyTorch bridge maps only float32/64,
 * float16, uint8, int8/32/64 and bool to libtorch types, and asking it for bfloat16 aborts the process ({@code
 * GetScalarTypeFromDType} rethrows with no exception, so C++ calls terminate). Measured on the CPU (NIC at 64 px, see
 * FeatureExtractorPrecisionTest): fp16 features differ from fp32 by about 0.1% of their scale and a linear probe's
 * accuracy does not move.
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

    /** Refuses a precision the engine cannot run: bf16 (see the class comment); fp32 and fp16 pass. */
    public Precision checkAvailable() {
        if (this == BF16) {
            throw new IllegalArgumentException("bf16 is not available: DJL 0.35.1's PyTorch bridge has no bfloat16"
                    + " type (it aborts the process); use fp16");
        }
        return this;
    }

    /** {@code fp32}, {@code fp16} or {@code bf16}, as run configurations and cache provenance record it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

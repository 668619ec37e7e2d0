package org.histo4j.model;

import ai.djl.engine.Engine;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * libtorch's own log. libtorch writes its warnings from native code straight to the process's standard error (file
 * descriptor 2), past Java's {@code System.err}: for example
 * {@code [W... LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated...}, printed once per process
 * by DJL's inference guard on every feature extraction. They go through c10's logger, whose minimum level is the
 * global {@code FLAGS_caffe2_log_level} exported by {@code libc10.so} (0 info, 1 warning, 2 error, 3 fatal; c10
 * reads {@code TORCH_CPP_LOG_LEVEL} only when Python's torch initialises it, never under DJL). Raising it to error
 * hides the warnings and keeps libtorch's error lines; libtorch's errors also reach Java as exceptions with their
 * message. Filtering file descriptor 2 instead (a pipe in the launcher or the JVM) would either delay progress bars,
 * which redraw a line without ending it, or lose the last native lines when the process dies.
 */
public final class TorchLog {

    /** c10's level for errors: messages below it (info, warnings) are not written. */
    public static final int ERROR = 2;

    private static final String LIBRARY = "libc10.so";
    private static final String LEVEL = "FLAGS_caffe2_log_level";

    private TorchLog() {}

    /**
     * Loads the engine if needed and sets libtorch's minimum log level to {@link #ERROR}; returns the previous level,
     * or empty when the engine is not PyTorch or its c10 library does not export the level (nothing changed).
     */
    public static Optional<Integer> hideWarnings() {
        return setLevel(ERROR);
    }

    /** Sets libtorch's minimum log level (see the class comment); returns the previous one, if it could be set. */
    public static Optional<Integer> setLevel(int level) {
        if (level < 0 || level > 3) {
            throw new IllegalArgumentException("level must be 0 (info) to 3 (fatal), got " + level);
        }
        return flag().map(flag -> {
            int previous = flag.get(ValueLayout.JAVA_INT, 0);
            flag.set(ValueLayout.JAVA_INT, 0, level);
            return previous;
        });
    }

    /** The current minimum log level of libtorch, if it can be read. */
    public static Optional<Integer> level() {
        return flag().map(flag -> flag.get(ValueLayout.JAVA_INT, 0));
    }

    private static Optional<MemorySegment> flag() {
        try {
            if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                return Optional.empty();
            }
            // libc10 is already loaded by the engine: the loader returns that copy, whose global we change.
            return SymbolLookup.libraryLookup(LIBRARY, Arena.global()).find(LEVEL)
                    .map(address -> address.reinterpret(Integer.BYTES));
        } catch (RuntimeException e) {
            // no engine or no such library here: libtorch's log stays as it is; the command that needs the engine
            // reports the failure itself
            return Optional.empty();
        }
    }
}

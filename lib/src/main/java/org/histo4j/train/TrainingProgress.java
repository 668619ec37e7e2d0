package org.histo4j.train;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: step / total, the mean loss since the last report, images per second and the time
 * left. On a terminal it is a progress bar redrawn in place; otherwise (a log file, a notebook, CI) it prints one
 * plain line every {@code every} steps and at the last step, so logs are not flooded.
 *
 * <p>Rates count from the first step shown (a resumed run does not claim the earlier steps): images/s =
 * images / elapsed, time left = (total − step) · elapsed / (step − first + 1).
 *
 * <pre>{@code
 * try (TrainingProgress progress = TrainingProgress.auto("pre-training", startStep + 1, totalSteps, 50)) {
 *     for (...) { ...; progress.update(step, loss, batchSize); }
 * }
 * }</pre>
 */
public final class TrainingProgress implements AutoCloseable {

    private final long first;
    private final long total;
    private final int every;
    private final LongSupplier nanoClock;
    private final PrintStream out;
    private final ProgressBar bar;
    private final long startNanos;
    private long images;
    private double lossSum;
    private int lossCount;
    private double loaderWait = Double.NaN;

    private TrainingProgress(long first, long total, int every, LongSupplier nanoClock, PrintStream out,
            ProgressBar bar) {
        if (first < 1 || total < first || every < 1) {
            throw new IllegalArgumentException("need 1 <= first <= total and every >= 1, got first " + first
                    + ", total " + total + ", every " + every);
        }
        this.first = first;
        this.total = total;
        this.every = every;
        this.nanoClock = nanoClock;
        this.out = out;
        this.bar = bar;
        this.startNanos = nanoClock.getAsLong();
    }

    /** A bar on a terminal (standard error), otherwise plain lines on standard output every {@code every} steps. */
    public static TrainingProgress auto(String task, long firstStep, long totalSteps, int every) {
        return stderrIsTerminal() ? bar(task, firstStep, totalSteps) : lines(System.out, firstStep, totalSteps, every,
                System::nanoTime);
    }

    /** A progress bar (me.tongfei:progressbar) on standard error, updated every step. */
    public static TrainingProgress bar(String task, long firstStep, long totalSteps) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).startsFrom(firstStep - 1, Duration.ZERO).build();
        return new TrainingProgress(firstStep, totalSteps, 1, System::nanoTime, null, bar);
    }

    /**
     * A counting progress bar on standard error (tiles, slides): redrawn in place on a terminal; otherwise (a log
     * file, CI) plain lines without ANSI escape codes or carriage returns, one every ten seconds.
     */
    public static ProgressBar counter(String task, long max) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII);
        if (!stderrIsTerminal()) {
            PrintStream err = System.err;
            builder.setConsumer(new DelegatingProgressBarConsumer(err::println)).setUpdateIntervalMillis(10_000);
        }
        return builder.build();
    }

    /**
     * Whether standard error is a terminal (the bar is drawn there): on Linux what file descriptor 2 points to,
     * elsewhere whether the JVM has an interactive console.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }

    /** Plain lines on {@code out} every {@code every} steps and at the last one, timed by {@code nanoClock}. */
    public static TrainingProgress lines(PrintStream out, long firstStep, long totalSteps, int every,
            LongSupplier nanoClock) {
        return new TrainingProgress(firstStep, totalSteps, every, nanoClock, out, null);
    }

    /** The share of time so far the trainer waited for the loader, shown from the next report on. */
    public void setLoaderWait(double share) {
        loaderWait = share;
    }

    /** Records that {@code step} is done, with its loss and the number of images it trained on. */
    public void update(long step, double loss, int stepImages) {
        images += stepImages;
        lossSum += loss;
        lossCount++;
        boolean report = bar != null || (step - first + 1) % every == 0 || step == total;
        if (!report) {
            return;
        }
        double seconds = Math.max(1e-9, (nanoClock.getAsLong() - startNanos) / 1e9);
        double left = (total - step) * seconds / (step - first + 1);
        String message = String.format(Locale.ROOT, "loss %.4f  %.1f images/s", lossSum / lossCount,
                images / seconds) + (Double.isNaN(loaderWait) ? ""
                        : String.format(Locale.ROOT, "  loader wait %.0f%%", 100 * loaderWait));
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(message);
        } else {
            out.printf(Locale.ROOT, "step %d/%d  %s  %s left%n", step, total, message, clock(left));
            out.flush();
        }
        lossSum = 0;
        lossCount = 0;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** Finishes the bar (lines need nothing). */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

package org.histo4j.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.histo4j.train.run.TrainingState;

/** Per-task training loss and accuracy since the last evaluation, and the run's seconds, kept over resumes. */
final class RunningMetrics {
    private final double[] lossSums;
    private final long[] counts;
    private final long[] correct;
    private double seconds;

    private RunningMetrics(int tasks) {
        lossSums = new double[tasks];
        counts = new long[tasks];
        correct = new long[tasks];
    }

    static RunningMetrics restore(int tasks, TrainingState state) {
        RunningMetrics metrics = new RunningMetrics(tasks);
        if (state != null) {
            Map<String, Long> c = state.counters();
            for (int t = 0; t < tasks; t++) {
                metrics.lossSums[t] = Double.longBitsToDouble(c.getOrDefault("lossSum." + t, 0L));
                metrics.counts[t] = c.getOrDefault("count." + t, 0L);
                metrics.correct[t] = c.getOrDefault("correct." + t, 0L);
            }
            metrics.seconds = Double.longBitsToDouble(c.getOrDefault("seconds", 0L));
        }
        return metrics;
    }

    void add(TrainingSession.StepResult result) {
        for (int t = 0; t < lossSums.length; t++) {
            lossSums[t] += result.taskLossSums()[t];
            counts[t] += result.counts()[t];
            correct[t] += result.correct()[t];
        }
    }

    long count(int task) {
        return counts[task];
    }

    double meanLoss(int task) {
        return lossSums[task] / counts[task];
    }

    double accuracy(int task) {
        return (double) correct[task] / counts[task];
    }

    void reset() {
        Arrays.fill(lossSums, 0);
        Arrays.fill(counts, 0);
        Arrays.fill(correct, 0);
    }

    void addSeconds(double more) {
        seconds += more;
    }

    double seconds() {
        return seconds;
    }

    Map<String, Long> toCounters() {
        Map<String, Long> c = new HashMap<>();
        for (int t = 0; t < lossSums.length; t++) {
            c.put("lossSum." + t, Double.doubleToRawLongBits(lossSums[t]));
            c.put("count." + t, counts[t]);
            c.put("correct." + t, correct[t]);
        }
        c.put("seconds", Double.doubleToRawLongBits(seconds));
        return c;
    }
}

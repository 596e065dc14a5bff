package org.mmdet4j.runner.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** mmdetection's {@code analyze_logs.py} computations (train time, curves) on one {@link JsonLog}. */
public final class LogAnalysis {
    private LogAnalysis() {
    }

    /**
     * Per-epoch average iteration time (the first logged value of each epoch left out as an
     * outlier unless {@code includeOutliers}), slowest and fastest epoch, the standard deviation
     * over epochs and the overall average, in mmdetection's wording.
     */
    public static List<String> trainTime(JsonLog log, boolean includeOutliers) {
        List<Integer> epochs = new ArrayList<>();
        List<Double> averages = new ArrayList<>();
        double sum = 0;
        int count = 0;
        for (int epoch : log.epochs()) {
            List<Double> t = log.values(epoch, "time", "train");
            if (!includeOutliers && !t.isEmpty()) {
                t = t.subList(1, t.size());
            }
            if (t.isEmpty()) {
                continue;
            }
            double s = t.stream().mapToDouble(Double::doubleValue).sum();
            epochs.add(epoch);
            averages.add(s / t.size());
            sum += s;
            count += t.size();
        }
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException(log.file() + " has no train lines with 'time'"
                    + (includeOutliers ? "" : " beyond the first of each epoch; try --include-outliers"));
        }
        int slow = 0, fast = 0;
        double mean = 0;
        for (int i = 0; i < averages.size(); i++) {
            slow = averages.get(i) > averages.get(slow) ? i : slow;
            fast = averages.get(i) < averages.get(fast) ? i : fast;
            mean += averages.get(i) / averages.size();
        }
        double var = 0;
        for (double a : averages) {
            var += (a - mean) * (a - mean) / averages.size();
        }
        List<String> out = new ArrayList<>();
        out.add("-----Analyze train time of " + log.file() + "-----");
        out.add(String.format(Locale.ROOT, "slowest epoch %d, average time is %.4f", epochs.get(slow), averages.get(slow)));
        out.add(String.format(Locale.ROOT, "fastest epoch %d, average time is %.4f", epochs.get(fast), averages.get(fast)));
        out.add(String.format(Locale.ROOT, "time std over epochs is %.4f", Math.sqrt(var)));
        out.add(String.format(Locale.ROOT, "average time per iter: %.4f", sum / count));
        return out;
    }

    /**
     * The training values of {@code key} against the global iteration: x = iter + (epoch - 1) *
     * iterations per epoch (the largest train iter of the first epoch), as mmdetection plots them.
     */
    public static CurvePlot.Series iterSeries(JsonLog log, String key, String label) {
        List<Double> firstIters = log.values(log.epochs().get(0), "iter", "train");
        double perEpoch = firstIters.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<double[]> points = new ArrayList<>();
        for (int epoch : log.epochs()) {
            for (var line : log.lines(epoch)) {
                if ("train".equals(line.get("mode")) && line.get(key) instanceof Number v
                        && line.get("iter") instanceof Number it) {
                    points.add(new double[] {it.doubleValue() + (epoch - 1) * perEpoch, v.doubleValue()});
                }
            }
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return new CurvePlot.Series(label, x, y, false);
    }
}

package org.mmdet4j.runner.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** mmdetection's {@code analyze_logs.py cal_train_time}, on one {@link JsonLog}. */
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
}

package org.mmdet4j.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mmcv's {@code LogBuffer}: per-iteration values kept in order of first appearance, averaged
 * (weighted by the number of samples) into {@link #output()} when a logger asks.
 */
public final class LogBuffer {
    private final Map<String, List<double[]>> history = new LinkedHashMap<>();
    private final Map<String, Object> output = new LinkedHashMap<>();
    private boolean ready;

    /** Appends {@code value} with weight {@code count} to the history of {@code key}. */
    public void update(String key, double value, int count) {
        history.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {value, count});
    }

    public void update(Map<String, Double> values, int count) {
        values.forEach((k, v) -> update(k, v, count));
    }

    /** Averages the last {@code n} values of every key ({@code n <= 0}: all) into the output. */
    public void average(int n) {
        for (Map.Entry<String, List<double[]>> e : history.entrySet()) {
            List<double[]> h = e.getValue();
            int from = n <= 0 ? 0 : Math.max(0, h.size() - n);
            double sum = 0, weight = 0;
            for (int i = from; i < h.size(); i++) {
                sum += h.get(i)[0] * h.get(i)[1];
                weight += h.get(i)[1];
            }
            output.put(e.getKey(), sum / weight);
        }
        ready = true;
    }

    /** Removes the newest value of each of {@code keys} (a step that must not count). */
    public void dropLast(java.util.Collection<String> keys) {
        for (String k : keys) {
            List<double[]> h = history.get(k);
            if (h != null && !h.isEmpty()) {
                h.remove(h.size() - 1);
            }
        }
    }

    /** Values ready to log: averages, or results a hook put there (evaluation metrics). */
    public Map<String, Object> output() {
        return output;
    }

    /** Puts a value to log directly, as mmdetection's EvalHook does with metrics. */
    public void put(String key, Object value) {
        output.put(key, value);
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    public void clearOutput() {
        output.clear();
        ready = false;
    }

    /** Drops history and output (mmcv clears at the start of every epoch). */
    public void clear() {
        history.clear();
        clearOutput();
    }

    /** History as JSON-able lists of [value, count] pairs, for exact resume mid-epoch. */
    public Map<String, Object> stateDict() {
        Map<String, Object> state = new LinkedHashMap<>();
        history.forEach((k, h) -> state.put(k, h.stream().map(p -> List.of(p[0], p[1])).toList()));
        return state;
    }

    public void loadStateDict(Map<String, Object> state) {
        clear();
        state.forEach((k, v) -> {
            for (Object pair : (List<?>) v) {
                List<?> p = (List<?>) pair;
                update(k, ((Number) p.get(0)).doubleValue(), ((Number) p.get(1)).intValue());
            }
        });
    }
}

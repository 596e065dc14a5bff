package org.mmdet4j.runner.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mmdet4j.runner.Runner;
import org.mmdet4j.runner.memory.ProcMemory;

/**
 * mmcv's {@code TextLoggerHook}: one line per logging point to the console and to
 * {@code <work_dir>/<timestamp>.log}, and one JSON object per line to
 * {@code <work_dir>/<timestamp>.log.json} with mmdetection's keys in its order:
 * <pre>
 * {"mode": "train", "epoch": 1, "iter": 50, "lr": 0.0002, "memory": 312, "data_time": 0.01,
 *  "loss_cls": 1.1, "loss_bbox": 0.6, "loss": 1.7, "time": 0.5}
 * {"mode": "val", "epoch": 1, "iter": 120, "lr": 0.01, "bbox_mAP": 0.52, ...}
 * </pre>
 * Numbers are rounded to 5 decimals as mmcv does; the first line is the runner's meta (config,
 * seed). {@code analyze-logs} reads these files.
 */
public final class TextLoggerHook extends LoggerHook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_LISTED = Set.of("mode", "epoch", "iter", "lr", "time", "data_time", "memory");

    private Path textLog;
    private Path jsonLog;
    private int startIter;
    private double timeSecTotal;
    private int skippedReported;

    public TextLoggerHook(int interval, boolean ignoreLast, boolean byEpoch) {
        super(interval, ignoreLast, byEpoch);
    }

    /** The JSON-lines log of the current run (null before it starts). */
    public Path jsonLog() {
        return jsonLog;
    }

    @Override
    public void beforeRun(Runner runner) {
        super.beforeRun(runner);
        startIter = runner.iter();
        textLog = runner.workDir().resolve(runner.timestamp() + ".log");
        jsonLog = runner.workDir().resolve(runner.timestamp() + ".log.json");
        if (!runner.meta().isEmpty()) {
            append(jsonLog, toJson(runner.meta()));
        }
    }

    @Override
    protected void log(Runner runner) {
        Map<String, Object> output = new LinkedHashMap<>(runner.logBuffer().output());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("mode", logMode(runner));
        entry.put("epoch", logEpoch(runner));
        Object evalIters = output.remove(EvalHook.EVAL_ITER_NUM);
        entry.put("iter", evalIters != null ? evalIters : logIter(runner));
        entry.put("lr", runner.currentLr()[0]);
        if (output.containsKey("time")) {
            long mem = memoryMiB(runner);
            if (mem >= 0) {
                entry.put("memory", mem);
            }
        }
        entry.putAll(output);
        if (entry.get("mode").equals("train")) {
            reportSkippedSamples(runner, entry);
        }
        String line = format(runner, entry);
        runner.out().println(line);
        append(textLog, line);
        Map<String, Object> rounded = new LinkedHashMap<>();
        entry.forEach((k, v) -> rounded.put(k, round(v)));
        append(jsonLog, toJson(rounded));
    }

    /**
     * Names each sample the loader skipped as invalid since the last line, on a line of its own,
     * and adds the running count as {@code skipped} (absent while nothing was skipped).
     */
    private void reportSkippedSamples(Runner runner, Map<String, Object> entry) {
        List<String> skipped = runner.source().skippedSamples();
        for (int i = skippedReported; i < skipped.size(); i++) {
            String line = "skipped sample " + (i + 1) + ": " + skipped.get(i);
            runner.out().println(line);
            append(textLog, line);
        }
        skippedReported = skipped.size();
        if (!skipped.isEmpty()) {
            entry.put("skipped", skipped.size());
        }
    }

    private String format(Runner runner, Map<String, Object> e) {
        StringBuilder s = new StringBuilder();
        if (e.get("mode").equals("train")) {
            if (byEpoch) {
                s.append("Epoch [").append(e.get("epoch")).append("][").append(e.get("iter")).append('/')
                        .append(runner.source().batchesPerEpoch()).append("]\t");
            } else {
                s.append("Iter [").append(e.get("iter")).append('/').append(runner.maxIters()).append("]\t");
            }
            s.append(String.format(Locale.ROOT, "lr: %.3e, ", (Double) e.get("lr")));
            if (e.containsKey("time")) {
                double time = ((Number) e.get("time")).doubleValue();
                timeSecTotal += time * interval;
                double avg = timeSecTotal / (runner.iter() - startIter + 1);
                long eta = (long) (avg * (runner.maxIters() - runner.iter() - 1));
                s.append("eta: ").append(duration(eta)).append(", ");
                s.append(String.format(Locale.ROOT, "time: %.3f, data_time: %.3f, ", time,
                        ((Number) e.getOrDefault("data_time", 0.0)).doubleValue()));
                if (e.containsKey("memory")) {
                    s.append("memory: ").append(e.get("memory")).append(", ");
                }
            }
        } else if (byEpoch) {
            s.append("Epoch(").append(e.get("mode")).append(") [").append(e.get("epoch")).append("][")
                    .append(e.get("iter")).append("]\t");
        } else {
            s.append("Iter(").append(e.get("mode")).append(") [").append(e.get("iter")).append("]\t");
        }
        StringBuilder items = new StringBuilder();
        e.forEach((k, v) -> {
            if (!NOT_LISTED.contains(k)) {
                items.append(items.isEmpty() ? "" : ", ").append(k).append(": ")
                        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v);
            }
        });
        return s.append(items).toString();
    }

    /** Python's {@code str(datetime.timedelta(seconds=n))}: {@code H:MM:SS}, with days when long. */
    static String duration(long seconds) {
        long days = seconds / 86400, rest = seconds % 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }

    /** The model's accelerator peak, else this process's peak resident memory (Linux). */
    private static long memoryMiB(Runner runner) {
        long m = runner.model().maxMemoryMiB();
        if (m >= 0) {
            return m;
        }
        long peak = ProcMemory.peakResidentKiB();
        return peak < 0 ? -1 : peak / 1024;
    }

    /** mmcv's {@code _round_float}: Python's {@code round(x, 5)} on floats. */
    static Object round(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) {
            return new BigDecimal(d).setScale(5, RoundingMode.HALF_EVEN).doubleValue();
        }
        return v;
    }

    private static String toJson(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String line) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

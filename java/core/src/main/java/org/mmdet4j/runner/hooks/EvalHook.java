package org.mmdet4j.runner.hooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mmdet4j.runner.BatchSource;
import org.mmdet4j.runner.DatasetPredictor;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.Evaluator;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;

/**
 * mmdetection's {@code EvalHook} ({@code evaluation=dict(interval=1, metric='bbox', save_best='auto')}):
 * every {@code interval} epochs (or iterations when not by epoch) predicts the validation set,
 * evaluates it, and puts the metrics in the log buffer for the loggers (logged as mode
 * {@code val}). With {@code save_best}, the best checkpoint so far is kept as
 * {@code best_<metric>_epoch_N.pth} (the previous best is deleted); {@code rule} is
 * {@code greater} or {@code less}, by default {@code less} for keys containing "loss" and
 * {@code greater} otherwise, as in mmcv.
 */
public final class EvalHook extends Hook {
    /** Log-buffer key with the number of evaluated batches, logged as {@code iter}. */
    public static final String EVAL_ITER_NUM = "eval_iter_num";

    private final BatchSource source;
    private final Evaluator evaluator;
    private final int interval;
    private final boolean byEpoch;
    private final String saveBest;
    private final String rule;
    private String bestKey;
    private Double bestScore;
    private String bestFile;
    private Map<String, Object> lastMetrics = Map.of();

    /**
     * @param saveBest null (off), {@code "auto"} (the first metric) or a metric name
     * @param rule     null (from the key), {@code "greater"} or {@code "less"}
     */
    public EvalHook(BatchSource source, Evaluator evaluator, int interval, boolean byEpoch, String saveBest,
                    String rule) {
        if (interval <= 0) {
            throw new IllegalArgumentException("evaluation interval must be positive, got " + interval);
        }
        if (rule != null && !rule.equals("greater") && !rule.equals("less")) {
            throw new IllegalArgumentException("evaluation rule must be 'greater' or 'less', got '" + rule + "'");
        }
        this.source = source;
        this.evaluator = evaluator;
        this.interval = interval;
        this.byEpoch = byEpoch;
        this.saveBest = saveBest;
        this.rule = rule;
    }

    @Override
    public void afterEpoch(Runner runner) {
        if (byEpoch && runner.mode() == Mode.TRAIN && (runner.epoch() + 1) % interval == 0) {
            evaluate(runner, "epoch_" + (runner.epoch() + 1));
        }
    }

    @Override
    public void afterIter(Runner runner) {
        if (!byEpoch && runner.mode() == Mode.TRAIN && (runner.iter() + 1) % interval == 0) {
            evaluate(runner, "iter_" + (runner.iter() + 1));
        }
    }

    /** The metrics of the last evaluation. */
    public Map<String, Object> lastMetrics() {
        return lastMetrics;
    }

    private void evaluate(Runner runner, String position) {
        List<Detections> results = predictAll(runner);
        Map<String, Object> metrics = evaluator.evaluate(results);
        lastMetrics = Map.copyOf(metrics);
        runner.logBuffer().put(EVAL_ITER_NUM, source.batchesPerEpoch());
        metrics.forEach(runner.logBuffer()::put);
        if (saveBest != null) {
            saveIfBest(runner, metrics, position);
        }
    }

    private List<Detections> predictAll(Runner runner) {
        runner.model().evalMode();
        try {
            return DatasetPredictor.predict(runner.model(), source, runner.out());
        } finally {
            runner.model().trainMode();
        }
    }

    private void saveIfBest(Runner runner, Map<String, Object> metrics, String position) {
        if (bestKey == null) {
            bestKey = "auto".equals(saveBest) ? metrics.keySet().iterator().next() : saveBest;
        }
        if (!(metrics.get(bestKey) instanceof Number score)) {
            throw new IllegalArgumentException("save_best key '" + bestKey + "' is not a numeric metric; metrics: "
                    + metrics.keySet());
        }
        boolean greater = rule != null ? rule.equals("greater") : !bestKey.contains("loss");
        double s = score.doubleValue();
        if (bestScore != null && (greater ? s <= bestScore : s >= bestScore)) {
            return;
        }
        String name = "best_" + bestKey + "_" + position + ".pth";
        runner.saveCheckpoint(name, false, false);
        if (bestFile != null && !bestFile.equals(name)) {
            try {
                Files.deleteIfExists(runner.workDir().resolve(bestFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        bestScore = s;
        bestFile = name;
        runner.out().printf("best %s %.4f at %s, saved as %s%n", bestKey, s, position.replace('_', ' '), name);
    }

    @Override
    public Map<String, Object> stateDict() {
        if (bestScore == null) {
            return Map.of();
        }
        return Map.of("best_key", bestKey, "best_score", bestScore, "best_ckpt", bestFile);
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        bestKey = (String) state.get("best_key");
        bestScore = state.get("best_score") instanceof Number n ? n.doubleValue() : null;
        bestFile = (String) state.get("best_ckpt");
    }

}

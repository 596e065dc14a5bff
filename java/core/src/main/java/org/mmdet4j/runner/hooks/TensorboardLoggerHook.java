package org.mmdet4j.runner.hooks;

import java.nio.file.Path;
import java.util.Map;
import org.mmdet4j.runner.Runner;

/**
 * mmcv's {@code TensorboardLoggerHook}: every logged number as a scalar {@code <mode>/<key>}
 * ({@code train/loss_cls}, {@code val/bbox_mAP}) plus {@code learning_rate}, at step
 * {@code iter + 1}, in {@code <work_dir>/tf_logs} unless {@code log_dir} is given.
 */
public final class TensorboardLoggerHook extends LoggerHook {
    private final String logDir;
    private TfEventWriter writer;

    public TensorboardLoggerHook(int interval, boolean ignoreLast, boolean byEpoch, String logDir) {
        super(interval, ignoreLast, byEpoch);
        this.logDir = logDir;
    }

    @Override
    public void beforeRun(Runner runner) {
        super.beforeRun(runner);
        writer = new TfEventWriter(logDir != null ? Path.of(logDir) : runner.workDir().resolve("tf_logs"));
    }

    @Override
    protected void log(Runner runner) {
        String mode = logMode(runner);
        long step = runner.iter() + 1L;
        for (Map.Entry<String, Object> e : runner.logBuffer().output().entrySet()) {
            if (e.getValue() instanceof Number n && !e.getKey().equals(EvalHook.EVAL_ITER_NUM)
                    && !e.getKey().equals("time") && !e.getKey().equals("data_time")) {
                writer.scalar(mode + "/" + e.getKey(), n.doubleValue(), step);
            }
        }
        writer.scalar("learning_rate", runner.currentLr()[0], step);
        writer.flush();
    }

    @Override
    public void afterRun(Runner runner) {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}

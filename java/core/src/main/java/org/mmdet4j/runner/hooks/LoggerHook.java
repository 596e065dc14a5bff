package org.mmdet4j.runner.hooks;

import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.LogBuffer;
import org.mmdet4j.runner.Runner;

/**
 * mmcv's {@code LoggerHook}: averages the log buffer every {@code interval} iterations (inner
 * iterations of the epoch when {@code byEpoch}) and after each validation epoch, and hands the
 * averages to {@link #log}. With several loggers, the last one clears the output after logging
 * so that each logs the same values. {@code ignoreLast} skips the last, shorter window of an
 * epoch, as mmcv does by default.
 */
public abstract class LoggerHook extends Hook {
    protected final int interval;
    protected final boolean ignoreLast;
    protected final boolean byEpoch;
    private boolean resetFlag;

    protected LoggerHook(int interval, boolean ignoreLast, boolean byEpoch) {
        if (interval <= 0) {
            throw new IllegalArgumentException("log interval must be positive, got " + interval);
        }
        this.interval = interval;
        this.ignoreLast = ignoreLast;
        this.byEpoch = byEpoch;
    }

    /** Writes the buffer's output; called when it is ready. */
    protected abstract void log(Runner runner);

    @Override
    public void beforeRun(Runner runner) {
        LoggerHook last = null;
        for (Hook h : runner.hooks()) {
            if (h instanceof LoggerHook l) {
                last = l;
            }
        }
        resetFlag = last == this;
    }

    @Override
    public void beforeEpoch(Runner runner) {
        runner.logBuffer().clear();
    }

    @Override
    public void afterIter(Runner runner) {
        if (runner.mode() != org.mmdet4j.runner.Mode.TRAIN) {
            return;
        }
        LogBuffer buf = runner.logBuffer();
        boolean endOfEpoch = runner.innerIter() + 1 == runner.source().batchesPerEpoch();
        if (byEpoch && (runner.innerIter() + 1) % interval == 0) {
            buf.average(interval);
        } else if (!byEpoch && (runner.iter() + 1) % interval == 0) {
            buf.average(interval);
        } else if (endOfEpoch && !ignoreLast) {
            buf.average(interval);
        }
        flush(runner);
    }

    @Override
    public void afterEpoch(Runner runner) {
        if (runner.mode() == org.mmdet4j.runner.Mode.VAL) {
            runner.logBuffer().average(0);
        }
        flush(runner);
    }

    private void flush(Runner runner) {
        if (runner.logBuffer().ready()) {
            log(runner);
            if (resetFlag) {
                runner.logBuffer().clearOutput();
            }
        }
    }

    /** {@code train} while training iterations are logged, {@code val} for validation and evaluation. */
    protected static String logMode(Runner runner) {
        return runner.mode() == org.mmdet4j.runner.Mode.TRAIN && runner.logBuffer().output().containsKey("time")
                ? "train" : "val";
    }

    /** 1-based epoch as logs show it (a val stage follows the epoch it evaluates). */
    protected static int logEpoch(Runner runner) {
        return runner.mode() == org.mmdet4j.runner.Mode.TRAIN ? runner.epoch() + 1 : runner.epoch();
    }

    /** 1-based iteration: within the epoch when by epoch, else of the run. */
    protected int logIter(Runner runner) {
        return byEpoch ? runner.innerIter() + 1 : runner.iter() + 1;
    }
}

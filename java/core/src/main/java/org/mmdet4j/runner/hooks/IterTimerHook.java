package org.mmdet4j.runner.hooks;

import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Runner;

/**
 * mmcv's {@code IterTimerHook}: {@code data_time} is the wait for the batch (from the end of the
 * previous iteration to the start of this one), {@code time} the whole iteration including it.
 */
public final class IterTimerHook extends Hook {
    private long t;

    @Override
    public void beforeEpoch(Runner runner) {
        t = System.nanoTime();
    }

    @Override
    public void beforeIter(Runner runner) {
        runner.logBuffer().update("data_time", (System.nanoTime() - t) / 1e9, 1);
    }

    @Override
    public void afterIter(Runner runner) {
        long now = System.nanoTime();
        runner.logBuffer().update("time", (now - t) / 1e9, 1);
        t = now;
    }
}

package org.mmdet4j.runner.hooks;

import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;

/**
 * mmdetection's {@code CheckInvalidLossHook} (its SSD configs add it): every {@code interval}
 * training iterations the total loss must be finite, else the run stops. Every run here already
 * has {@link NonFiniteLossHook}, which checks each iteration, every loss term and the gradient
 * norm, and saves the last good state first; this hook keeps mmdetection's configs loading with
 * mmdetection's own check, and is only reached when that hook has let a loss pass.
 */
public final class CheckInvalidLossHook extends Hook {
    private final int interval;

    public CheckInvalidLossHook(int interval) {
        if (interval <= 0) {
            throw new IllegalArgumentException("CheckInvalidLossHook: interval must be positive, got " + interval);
        }
        this.interval = interval;
    }

    @Override
    public void afterIter(Runner runner) {
        if (runner.mode() != Mode.TRAIN || (runner.iter() + 1) % interval != 0) {
            return;
        }
        double loss = runner.outputs().loss();
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("loss become infinite or NaN at iteration " + (runner.iter() + 1)
                    + ": " + loss);
        }
    }
}

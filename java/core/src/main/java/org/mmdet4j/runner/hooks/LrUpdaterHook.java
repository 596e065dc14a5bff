package org.mmdet4j.runner.hooks;

import java.util.Objects;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Mode;
import org.mmdet4j.runner.Runner;

/**
 * mmcv's {@code LrUpdaterHook}: sets every parameter group's learning rate from a
 * {@link LrPolicy}, by epoch (at the start of each epoch) or by iteration (before each), with an
 * optional {@link Warmup} over the first {@code warmupIters} iterations (or epochs, with
 * {@code warmupByEpoch}). Warmup always counts iterations of the whole run ({@code runner.iter}),
 * as in mmcv, and scales the regular rate of the current position.
 *
 * <p>Stateless: everything is computed from the runner's position and the model's initial rates,
 * so a resumed run gets the same rates as an uninterrupted one.
 */
public final class LrUpdaterHook extends Hook {
    private final LrPolicy policy;
    private final boolean byEpoch;
    private final Warmup warmup;
    private final double warmupRatio;
    private final boolean warmupByEpoch;
    private final int warmupCount;
    private int warmupIters;
    private double[] baseLr;
    private double[] regularLr;

    /**
     * @param warmupCount   warmup length: iterations, or epochs with {@code warmupByEpoch}
     * @param warmupRatio   the first warmup rate as a fraction of the regular rate, in (0, 1]
     */
    public LrUpdaterHook(LrPolicy policy, boolean byEpoch, Warmup warmup, int warmupCount, double warmupRatio,
                         boolean warmupByEpoch) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (warmup != null) {
            if (warmupCount <= 0) {
                throw new IllegalArgumentException("\"warmup_iters\" must be a positive integer, got " + warmupCount);
            }
            if (!(warmupRatio > 0 && warmupRatio <= 1)) {
                throw new IllegalArgumentException("\"warmup_ratio\" must be in range (0,1], got " + warmupRatio);
            }
        }
        this.byEpoch = byEpoch;
        this.warmup = warmup;
        this.warmupRatio = warmupRatio;
        this.warmupByEpoch = warmupByEpoch;
        this.warmupCount = warmupCount;
        this.warmupIters = warmupByEpoch ? -1 : warmupCount;
    }

    @Override
    public void beforeRun(Runner runner) {
        baseLr = runner.model().initialLearningRates();
    }

    @Override
    public void beforeEpoch(Runner runner) {
        if (runner.mode() != Mode.TRAIN) {
            return;
        }
        if (warmupIters < 0) {
            warmupIters = warmupCount * runner.source().batchesPerEpoch();
        }
        if (!byEpoch) {
            return;
        }
        regularLr = regular(runner);
        runner.setLearningRates(regularLr);
    }

    @Override
    public void beforeIter(Runner runner) {
        if (runner.mode() != Mode.TRAIN) {
            return;
        }
        int cur = runner.iter();
        if (!byEpoch) {
            regularLr = regular(runner);
            runner.setLearningRates(warmup == null || cur >= warmupIters ? regularLr : warmupLr(cur));
        } else if (warmup != null && cur <= warmupIters) {
            runner.setLearningRates(cur == warmupIters ? regularLr : warmupLr(cur));
        }
    }

    private double[] regular(Runner runner) {
        int progress = byEpoch ? runner.epoch() : runner.iter();
        int max = byEpoch ? runner.maxEpochs() : runner.maxIters();
        double[] lr = new double[baseLr.length];
        for (int g = 0; g < lr.length; g++) {
            lr[g] = policy.lr(baseLr[g], progress, max);
        }
        return lr;
    }

    private double[] warmupLr(int cur) {
        double f = warmup.factor(cur, warmupIters, warmupRatio);
        double[] lr = new double[regularLr.length];
        for (int g = 0; g < lr.length; g++) {
            lr[g] = regularLr[g] * f;
        }
        return lr;
    }

    public boolean warmupByEpoch() {
        return warmupByEpoch;
    }
}
